// Which units lead the most tasks? Units ranked by the number of tasks they lead (牵头).
// Browser: :params {plan: null, inferred: true, top: 20}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param inferred: true -- count leads expanded from blanket groups such as 各街道
// @param top: 20 -- how many units to list
MATCH (u:Unit)-[r:LEADS]->(t:Task)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($inferred OR NOT coalesce(r.inferred, false))
RETURN u.name AS unit, u.kind AS kind, count(DISTINCT t) AS tasks
ORDER BY tasks DESC, unit
LIMIT $top
