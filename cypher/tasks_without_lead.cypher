// Which tasks have no lead unit (牵头单位) at all?
// Browser: :params {plan: null, district: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
// @param district: null -- district such as '拱墅区' (all its plans, every year); null = every district
MATCH (t:Task)
WHERE ($plan IS NULL OR t.plan = $plan)
  AND ($district IS NULL OR EXISTS { MATCH (dp:Plan {key: t.plan}) WHERE dp.district = $district })
  AND NOT (t)<-[:LEADS]-(:Unit)
RETURN t.plan AS plan, t.seq AS seq, t.section AS section, t.text AS text
ORDER BY plan, seq
