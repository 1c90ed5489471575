// Which pairs of units answer together (lead or co-responsible) for the most tasks?
// By default only units named in the table count, not the members of blanket
// groups (with those, every pair of streets shares every 各街道 task).
// Units are told apart by jurisdiction (two districts' 区财政局 are two units).
// Browser: :params {plan: null, district: null, inferred: false, top: 20}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
// @param inferred: false -- also count links expanded from blanket groups
// @param top: 20 -- how many pairs to list
MATCH (a:Unit)-[ra:LEADS|CO_RESPONSIBLE]->(t:Task)<-[rb:LEADS|CO_RESPONSIBLE]-(b:Unit)
WHERE a.key < b.key
  AND ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
  AND ($inferred OR (NOT coalesce(ra.inferred, false) AND NOT coalesce(rb.inferred, false)))
RETURN a.name AS unit_a, b.name AS unit_b, count(DISTINCT t) AS shared_tasks,
       a.jurisdiction AS jurisdiction_a, b.jurisdiction AS jurisdiction_b
ORDER BY shared_tasks DESC, unit_a, unit_b, jurisdiction_a, jurisdiction_b
LIMIT $top
