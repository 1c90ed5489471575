// Which pairs of units answer together (lead or co-responsible) for the most tasks?
// By default only units named in the table count, not the members of blanket
// groups (with those, every pair of streets shares every 各街道 task).
// Browser: :params {plan: null, inferred: false, top: 20}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param inferred: false -- also count links expanded from blanket groups
// @param top: 20 -- how many pairs to list
MATCH (a:Unit)-[ra:LEADS|CO_RESPONSIBLE]->(t:Task)<-[rb:LEADS|CO_RESPONSIBLE]-(b:Unit)
WHERE a.name < b.name
  AND ($plan IS NULL OR t.plan = $plan)
  AND ($inferred OR (NOT coalesce(ra.inferred, false) AND NOT coalesce(rb.inferred, false)))
RETURN a.name AS unit_a, b.name AS unit_b, count(DISTINCT t) AS shared_tasks
ORDER BY shared_tasks DESC, unit_a, unit_b
LIMIT $top
