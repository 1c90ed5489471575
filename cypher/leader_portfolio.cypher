// What does each leader (分管领导) oversee? Each leader's tasks and the units that lead them.
// Browser: :params {plan: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
MATCH (l:Leader)-[:OVERSEES]->(t:Task)
WHERE $plan IS NULL OR t.plan = $plan
OPTIONAL MATCH (u:Unit)-[:LEADS]->(t)
WITH l, t, u ORDER BY u.name
WITH l, count(DISTINCT t) AS tasks, collect(DISTINCT u.name) AS lead_units
RETURN l.name AS leader, tasks, size(lead_units) AS lead_unit_count, lead_units
ORDER BY tasks DESC, leader
