// Who does one unit work with? The units that answer for the same tasks as $unit, with the tasks they share.
// Browser: :params {unit: '区发改经信局', plan: null, inferred: false, top: 50}
// @param unit: '区发改经信局' -- the unit's canonical name
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param inferred: false -- also count links expanded from blanket groups
// @param top: 50 -- how many partners to list
MATCH (u:Unit {name: $unit})-[ru:LEADS|CO_RESPONSIBLE]->(t:Task)<-[rp:LEADS|CO_RESPONSIBLE]-(p:Unit)
WHERE p <> u
  AND ($plan IS NULL OR t.plan = $plan)
  AND ($inferred OR (NOT coalesce(ru.inferred, false) AND NOT coalesce(rp.inferred, false)))
WITH p, t ORDER BY t.plan, t.seq
WITH p, collect(DISTINCT t.key) AS tasks
RETURN p.name AS partner, p.kind AS kind, size(tasks) AS shared_tasks, tasks
ORDER BY shared_tasks DESC, partner
LIMIT $top
