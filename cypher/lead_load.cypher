// Which units lead the most tasks? Units ranked by the number of tasks they lead (牵头).
// A unit is one body of one jurisdiction: two districts' 区财政局 are two rows (see the jurisdiction column).
// Browser: :params {plan: null, district: null, inferred: true, top: 20}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
// @param inferred: true -- count leads expanded from blanket groups such as 各街道
// @param top: 20 -- how many units to list
MATCH (u:Unit)-[r:LEADS]->(t:Task)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
  AND ($inferred OR NOT coalesce(r.inferred, false))
RETURN u.name AS unit, u.jurisdiction AS jurisdiction, u.kind AS kind, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, unit, jurisdiction
LIMIT $top
