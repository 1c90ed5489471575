// What does each leader (分管领导) oversee? Each leader's tasks and the units that lead them.
// Leaders belong to their district: two districts' 王涛 are two rows (see the district column).
// Browser: :params {plan: null, district: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
MATCH (l:Leader)-[:OVERSEES]->(t:Task)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
OPTIONAL MATCH (u:Unit)-[:LEADS]->(t)
WITH l, t, u ORDER BY u.name
WITH l, count(DISTINCT t) AS tasks, collect(DISTINCT u.name) AS lead_units
RETURN l.name AS leader, l.district AS district, tasks, size(lead_units) AS lead_unit_count, lead_units
ORDER BY tasks DESC, leader, district
