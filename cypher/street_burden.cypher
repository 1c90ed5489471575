// How many tasks fall on each street (街道), with and without blanket expansions?
// tasks counts every task the street answers for; named_tasks only those where
// the table names the street itself; via_blanket_only those it gets only
// through a blanket group such as 各街道 (inferred links).
// Browser: :params {plan: null, district: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
MATCH (p:Plan)-[:ISSUED_BY]->(:District)<-[:PART_OF]-(s:Unit)
WHERE ($plan IS NULL OR p.key = $plan) AND ($district IS NULL OR p.district = $district)
OPTIONAL MATCH (s)-[r:LEADS|CO_RESPONSIBLE]->(t:Task {plan: p.key})
WITH p, s, t, max(CASE WHEN coalesce(r.inferred, false) THEN 0 ELSE 1 END) AS named
WITH p, s,
     count(t) AS tasks,
     sum(CASE WHEN t IS NOT NULL AND named = 1 THEN 1 ELSE 0 END) AS named_tasks
RETURN p.key AS plan, s.name AS street, tasks, named_tasks, tasks - named_tasks AS via_blanket_only
ORDER BY plan, tasks DESC, street
