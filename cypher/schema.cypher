// Constraints and indexes of the respgraph graph model; safe to apply again.
// Every node key is unique (which also indexes it); the extra indexes serve
// the library queries (tasks, sections and groups by plan, units by kind).
// @write
CREATE CONSTRAINT plan_key IF NOT EXISTS FOR (n:Plan) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT section_key IF NOT EXISTS FOR (n:Section) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT task_key IF NOT EXISTS FOR (n:Task) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT leader_name IF NOT EXISTS FOR (n:Leader) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT unit_name IF NOT EXISTS FOR (n:Unit) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT district_name IF NOT EXISTS FOR (n:District) REQUIRE n.name IS UNIQUE;
CREATE CONSTRAINT group_key IF NOT EXISTS FOR (n:`Group`) REQUIRE n.key IS UNIQUE;
CREATE INDEX task_plan IF NOT EXISTS FOR (n:Task) ON (n.plan);
CREATE INDEX section_plan IF NOT EXISTS FOR (n:Section) ON (n.plan);
CREATE INDEX group_plan IF NOT EXISTS FOR (n:`Group`) ON (n.plan);
CREATE INDEX unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind);
