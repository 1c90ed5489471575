// Which units answer to several leaders? Units whose tasks (led or shared) are overseen by at least $min_leaders different leaders.
// Browser: :params {plan: null, inferred: true, min_leaders: 2, top: 50}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param inferred: true -- count links expanded from blanket groups such as 各街道
// @param min_leaders: 2 -- the least number of leaders to list a unit
// @param top: 50 -- how many units to list
MATCH (u:Unit)-[r:LEADS|CO_RESPONSIBLE]->(t:Task)<-[:OVERSEES]-(l:Leader)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($inferred OR NOT coalesce(r.inferred, false))
WITH u, l ORDER BY l.name
WITH u, collect(DISTINCT l.name) AS leaders
WHERE size(leaders) >= $min_leaders
RETURN u.name AS unit, u.kind AS kind, size(leaders) AS leader_count, leaders
ORDER BY leader_count DESC, unit
LIMIT $top
