// Which tasks have no lead unit (牵头单位) at all?
// Browser: :params {plan: null}
// @param plan: null -- plan key such as '拱墅区-2021'; null = every plan in the database
MATCH (t:Task)
WHERE ($plan IS NULL OR t.plan = $plan) AND NOT (t)<-[:LEADS]-(:Unit)
RETURN t.plan AS plan, t.seq AS seq, t.section AS section, t.text AS text
ORDER BY plan, seq
