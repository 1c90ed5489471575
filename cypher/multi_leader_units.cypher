// Which units answer to several leaders? Units whose tasks (led or shared) are overseen by at least $min_leaders different leaders.
// Browser: :params {plan: null, district: null, inferred: true, min_leaders: 2, top: 50}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
// @param inferred: true -- count links expanded from blanket groups such as 各街道
// @param min_leaders: 2 -- the least number of leaders to list a unit
// @param top: 50 -- how many units to list
MATCH (u:Unit)-[r:LEADS|CO_RESPONSIBLE]->(t:Task)<-[:OVERSEES]-(l:Leader)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
  AND ($inferred OR NOT coalesce(r.inferred, false))
WITH u, l ORDER BY l.name, l.district
// leaders are people of one district: count them as nodes, not by name
WITH u, collect(DISTINCT l) AS ls
WHERE size(ls) >= $min_leaders
RETURN u.name AS unit, u.jurisdiction AS jurisdiction, u.kind AS kind, size(ls) AS leader_count,
       [x IN ls | x.name] AS leaders
ORDER BY leader_count DESC, unit, jurisdiction
LIMIT $top
