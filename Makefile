.PHONY: setup test demo bench

setup:
	bash scripts/setup.sh

# Every test, against a real Neo4j server and headless Chromium.
test:
	bash scripts/test.sh

# The main job on the seed, no server needed.
demo:
	python3 -m pip install --quiet -e . && respgraph report seeds/gongshu-2021.txt -o briefing/

bench:
	python3 benchmarks/bench_parse.py
	python3 benchmarks/bench_neo4j_load.py
	python3 benchmarks/bench_analysis.py
	python3 benchmarks/bench_render.py
