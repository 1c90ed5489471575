// Constraints and indexes of the respgraph graph model; safe to apply again.
// Every node key is unique (which also indexes it); the extra indexes serve
// the library queries (tasks, sections and groups by plan, units by name,
// jurisdiction and kind, leaders by name).  Units and leaders are keyed by
// jurisdiction/name (拱墅区/区财政局): two districts' 区财政局 are two nodes.
// @write
CREATE CONSTRAINT plan_key IF NOT EXISTS FOR (n:Plan) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT section_key IF NOT EXISTS FOR (n:Section) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT task_key IF NOT EXISTS FOR (n:Task) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT leader_key IF NOT EXISTS FOR (n:Leader) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT unit_key IF NOT EXISTS FOR (n:Unit) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT district_name IF NOT EXISTS FOR (n:District) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT group_key IF NOT EXISTS FOR (n:`Group`) REQUIRE n.key IS UNIQUE;
CREATE INDEX task_plan IF NOT EXISTS FOR (n:Task) ON (n.plan);
CREATE INDEX section_plan IF NOT EXISTS FOR (n:Section) ON (n.plan);
CREATE INDEX group_plan IF NOT EXISTS FOR (n:`Group`) ON (n.plan);
CREATE INDEX unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind);
CREATE INDEX unit_by_name IF NOT EXISTS FOR (n:Unit) ON (n.name);
CREATE INDEX unit_jurisdiction IF NOT EXISTS FOR (n:Unit) ON (n.jurisdiction);
CREATE INDEX leader_by_name IF NOT EXISTS FOR (n:Leader) ON (n.name);
