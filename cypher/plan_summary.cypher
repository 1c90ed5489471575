// What is in each plan? Summary figures: sections, tasks, leaders, units, links by role, inferred links, blanket groups, streets.
// Browser: :params {plan: null, district: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
MATCH (p:Plan)
WHERE ($plan IS NULL OR p.key = $plan) AND ($district IS NULL OR p.district = $district)
OPTIONAL MATCH (t:Task {plan: p.key})
WITH p, count(t) AS tasks
OPTIONAL MATCH (l:Leader)-[:OVERSEES]->(lt:Task {plan: p.key})
WITH p, tasks, count(DISTINCT l) AS leaders
OPTIONAL MATCH (u:Unit)-[r:LEADS|CO_RESPONSIBLE]->(ut:Task {plan: p.key})
WITH p, tasks, leaders,
     count(DISTINCT u) AS units,
     count(CASE WHEN type(r) = 'LEADS' THEN 1 END) AS lead_links,
     count(CASE WHEN type(r) = 'CO_RESPONSIBLE' THEN 1 END) AS co_links,
     count(CASE WHEN r.inferred THEN 1 END) AS inferred_links
OPTIONAL MATCH (g:`Group` {plan: p.key})
WITH p, tasks, leaders, units, lead_links, co_links, inferred_links, count(g) AS groups
RETURN p.key AS plan, p.district AS district, p.year AS year,
       size([(s:Section)-[:OF_PLAN]->(p) | s]) AS sections,
       tasks, leaders, units, lead_links, co_links, inferred_links, groups,
       size(coalesce(p.streets, [])) AS streets
ORDER BY plan
