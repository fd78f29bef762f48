// Resource pages: a click on a highlighted span opens the fact (evidence record) it marks; the innermost wins.
document.addEventListener("click", (event) => {
  const mark = event.target.closest("mark[data-href]");
  if (mark && !event.target.closest("a")) window.location.href = mark.dataset.href;
});
