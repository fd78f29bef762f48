"""A small grammar of customs policy documents, in English and Chinese, for the benchmark corpus.

Phrases are composed, not copied: a measure is a verb, an object, a qualifier that may name a zone, a place or an
agreement, a supporting clause, sometimes a figure or a deadline, and a responsibility tag in one of the genre's
forms. Names come from the vocabularies (lexicon.py); the words here are the genre's ordinary verbs and nouns.
"""

from __future__ import annotations

import random

EN_VERBS = [
    "Deepen",
    "Promote",
    "Optimise",
    "Expand",
    "Support",
    "Strengthen",
    "Improve",
    "Implement",
    "Facilitate",
    "Advance",
    "Streamline",
    "Encourage",
    "Standardise",
    "Upgrade",
]
EN_OBJECTS = [
    "the reform of advance declaration for imported goods",
    "two-step declaration for bulk commodities",
    "the supervision of cross-border e-commerce retail imports",
    "bonded maintenance and remanufacturing business",
    "the supervision of processing trade enterprises",
    "the single window for international trade",
    "mutual recognition of authorised economic operators",
    "the inspection of imported cold chain food",
    "quarantine access for agricultural products",
    "the export of new energy vehicles and lithium batteries",
    "bonded logistics of bulk commodities",
    "the direct loading of export containers at the port",
    "the release of goods before inspection results are known",
    "credit management of importers and exporters",
    "the classification of goods by advance ruling",
    "the collection of duties by enterprise guarantee",
    "smart inspection with machine image analysis",
    "the checking of certificates of origin",
    "the transit of goods by China-Europe freight trains",
    "the supervision of sea-rail combined transport",
]
EN_PURPOSES = [
    "to Optimise the Business Environment at Ports",
    "to Stabilise the Scale and Improve the Structure of Foreign Trade",
    "to Support High-Quality Development of the Open Economy",
    "to Promote Cross-Border Trade Facilitation",
    "to Serve the Development of New Forms of Foreign Trade",
    "to Support the Recovery of Processing Trade",
]
EN_TOPICS = [
    "Further Facilitating the Clearance of Imported and Exported Goods",
    "Adjusting the Supervision of Bonded Goods",
    "Strengthening the Quarantine of Entry Agricultural Products",
    "Promoting Cross-Border E-Commerce",
    "Improving Port Clearance Efficiency",
    "Supporting Enterprises to Expand Exports",
]
EN_HEADINGS = [
    "Improving port clearance efficiency",
    "Supporting new forms of foreign trade",
    "Serving the opening-up of special areas",
    "Strengthening credit and risk management",
    "Reducing costs for enterprises",
    "Deepening international cooperation",
    "Building smart customs",
]
EN_CLAUSES = [
    "Enterprises that meet the conditions may apply for the measure at any customs office in the district.",
    "Customs will publish the list of eligible goods and update it every quarter.",
    "The inspection rate of low-risk goods will be reduced and results will be fed back in time.",
    "Information will be shared with port, tax and foreign exchange authorities to avoid repeated checks.",
    "Enterprises will be guided to use the online platform for declaration, payment and enquiry.",
    "Typical cases will be collected and good practices will be replicated across the district.",
    "Risk monitoring will be strengthened so that facilitation does not weaken security at the border.",
]
EN_ADDRESSEES = [
    "All subordinate customs, all departments of the office and all directly affiliated units:",
    "All units and departments of this customs:",
    "All customs offices directly under the General Administration:",
]
ZH_VERBS = ["深化", "推进", "优化", "扩大", "支持", "加强", "完善", "落实", "促进", "推广", "规范", "提升"]
ZH_OBJECTS = [
    "进口货物“提前申报”改革",
    "大宗商品“两步申报”",
    "跨境电商零售进口监管",
    "保税维修和再制造业务",
    "加工贸易企业监管",
    "国际贸易“单一窗口”建设",
    "经认证的经营者互认合作",
    "进口冷链食品检验",
    "农产品检疫准入",
    "新能源汽车和锂电池出口",
    "大宗商品保税物流",
    "出口集装箱“抵港直装”",
    "“先放后检”监管模式",
    "进出口企业信用管理",
    "商品归类预裁定",
    "企业集团财务公司担保",
    "智能审图查验",
    "原产地证书核查",
    "中欧班列货物转关",
    "海铁联运监管",
]
ZH_PURPOSES = ["优化口岸营商环境", "促进外贸稳规模优结构", "支持开放型经济高质量发展", "促进跨境贸易便利化"]
ZH_TOPICS = ["进一步便利进出口货物通关", "调整保税货物监管", "加强进境农产品检疫", "促进跨境电子商务发展"]
ZH_HEADINGS = [
    "提升口岸通关效率",
    "支持外贸新业态发展",
    "服务特殊区域开放发展",
    "加强信用和风险管理",
    "降低企业通关成本",
    "深化国际合作",
    "建设智慧海关",
]
ZH_CLAUSES = [
    "符合条件的企业可向关区内任一海关申请适用。",
    "海关将公布适用商品清单并按季度更新。",
    "对低风险货物降低查验比例，及时反馈查验结果。",
    "加强与口岸、税务、外汇管理部门信息共享，避免重复查验。",
    "引导企业通过网上平台办理申报、缴税和查询业务。",
    "及时总结典型案例，在全关区复制推广好的做法。",
    "加强风险监测，确保便利不降低口岸安全。",
]
ZH_ADDRESSEES = ["各隶属海关，机关各处室、直属各单位：", "本关各单位、各部门：", "广东分署，各直属海关："]
SURNAMES = [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Zhao", "赵")]
SURNAMES += [("Zhou", "周"), ("Sun", "孙"), ("Ma", "马"), ("Hu", "胡"), ("Guo", "郭"), ("Lin", "林"), ("Gao", "高")]
GIVEN = [("Wei", "伟"), ("Ming", "明"), ("Jianguo", "建国"), ("Haiyan", "海燕"), ("Zhiqiang", "志强"), ("Lei", "磊")]
GIVEN += [("Xiaoming", "晓明"), ("Tao", "涛"), ("Hongmei", "红梅"), ("Yong", "勇"), ("Jun", "军"), ("Ping", "平")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
MONTHS += ["November", "December"]
ZH_DIGITS = "〇一二三四五六七八九"


def zh_number(n: int) -> str:
    """1 → 一, 12 → 十二, 27 → 二十七 (the numerals Chinese enumerators use)."""
    if n < 10:
        return ZH_DIGITS[n]
    tens, unit = divmod(n, 10)
    return ("" if tens == 1 else ZH_DIGITS[tens]) + "十" + (ZH_DIGITS[unit] if unit else "")


def zh_year(y: int) -> str:
    return "".join(ZH_DIGITS[int(c)] for c in str(y))


_EN_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_EN_UNITS += ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
_EN_TENS = {2: "twenty", 3: "thirty", 4: "forty"}
_EN_ORD = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
_EN_ORD += ["eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth"]
_EN_ORD += ["eighteenth", "nineteenth"]


def en_cardinal(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n - 1]
    tens, unit = divmod(n, 10)
    return _EN_TENS[tens] + ("-" + _EN_UNITS[unit - 1] if unit else "")


def en_ordinal(n: int) -> str:
    if n < 20:
        return _EN_ORD[n - 1]
    tens, unit = divmod(n, 10)
    if not unit:
        return _EN_TENS[tens][:-1] + "ieth"
    return _EN_TENS[tens] + "-" + _EN_ORD[unit - 1]


def roman(n: int) -> str:
    out = ""
    for value, sym in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def person(rng: random.Random) -> tuple[str, str]:
    (fe, fz), (ge, gz) = rng.choice(SURNAMES), rng.choice(GIVEN)
    return f"{fe} {ge}", fz + gz


def en_figure(rng: random.Random) -> str:
    return rng.choice(
        [
            f"The overall clearance time for imports will be cut by {rng.randint(5, 40)}%.",
            f"The share of advance declarations will reach more than {rng.randint(50, 95)}%.",
            f"Goods worth {rng.randint(2, 90)}.{rng.randint(1, 9)} billion yuan are expected to benefit.",
            f"Applications will be handled within {rng.randint(2, 48)} hours.",
            f"Some {rng.randint(20, 900)} enterprises took part in the pilot last year.",
        ]
    )


def zh_figure(rng: random.Random) -> str:
    return rng.choice(
        [
            f"进口整体通关时间压缩{rng.randint(5, 40)}%。",
            f"“提前申报”比例达到{rng.randint(50, 95)}%以上。",
            f"预计惠及货值{rng.randint(2, 90)}.{rng.randint(1, 9)}亿元。",
            f"申请事项在{rng.randint(2, 48)}小时内办结。",
            f"去年共有{rng.randint(20, 900)}家企业参与试点。",
        ]
    )


def en_deadline(rng: random.Random, year: int) -> str:
    y = year + rng.randint(0, 2)
    return rng.choice([f"by the end of {y}", f"before {rng.choice(MONTHS)} {y}", f"within {y}"])


def zh_deadline(rng: random.Random, year: int) -> str:
    y = year + rng.randint(0, 2)
    return rng.choice([f"{y}年底前", f"{y}年{rng.randint(1, 12)}月底前", f"到{y}年"])
