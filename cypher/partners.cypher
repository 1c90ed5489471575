// Who does one unit work with? The units that answer for the same tasks as $unit, with the tasks they share.
// $unit is a unit's key ('拱墅区/区发改经信局') or its name; a name that several districts use
// (区财政局) needs $district, or the answer has one block per unit (see unit_key).
// Browser: :params {unit: '区发改经信局', plan: null, district: null, inferred: false, top: 50}
// @param unit: '区发改经信局' -- the unit's key (jurisdiction/name) or canonical name
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- the unit's district, and only that district's plans; null = any
// @param inferred: false -- also count links expanded from blanket groups
// @param top: 50 -- how many partners to list
MATCH (u:Unit)
WHERE u.key = $unit
   OR (u.name = $unit AND ($district IS NULL OR u.jurisdiction = $district OR u.level <> 'district'))
MATCH (u)-[ru:LEADS|CO_RESPONSIBLE]->(t:Task)<-[rp:LEADS|CO_RESPONSIBLE]-(p:Unit)
WHERE p <> u
  AND ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
  AND ($inferred OR (NOT coalesce(ru.inferred, false) AND NOT coalesce(rp.inferred, false)))
WITH u, p, t ORDER BY t.plan, t.seq
WITH u, p, collect(DISTINCT t.key) AS tasks
RETURN p.name AS partner, p.jurisdiction AS jurisdiction, p.kind AS kind, size(tasks) AS shared_tasks, tasks,
       u.key AS unit_key
ORDER BY unit_key, shared_tasks DESC, partner, jurisdiction
LIMIT $top
