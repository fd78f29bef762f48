"""Text → records → quads. Nothing here touches a store: the build writes what these functions emit."""
