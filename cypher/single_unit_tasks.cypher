// Which tasks rest on one unit alone? Tasks linked (lead or co-responsible) to exactly one unit.
// The groups column shows blanket phrases named on the task, for a check by eye.
// Browser: :params {plan: null, district: null, inferred: true}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
// @param inferred: true -- count links expanded from blanket groups such as 各街道
MATCH (t:Task)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
OPTIONAL MATCH (u:Unit)-[r:LEADS|CO_RESPONSIBLE]->(t)
WHERE $inferred OR NOT coalesce(r.inferred, false)
WITH t, collect(DISTINCT u) AS units
WHERE size(units) = 1
RETURN t.plan AS plan, t.seq AS seq, units[0].name AS unit, t.text AS text,
       [(g:`Group`)-[:NAMED_IN]->(t) | g.phrase] AS groups
ORDER BY plan, seq
