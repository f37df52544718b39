# The two commands of the README: `make run` and `make test`.
SWIFT ?= swift
ARGS ?=

.PHONY: bootstrap build run test bench clean-data

bootstrap:
	@./scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c release --product sextant

## Build in release mode and start the server on the embedded default config (data in ./data, port 9090).
run: build
	.build/release/sextant server --storage.tsdb.path=./data $(ARGS)

## Build everything and run the whole test suite.
test: bootstrap
	$(SWIFT) build --build-tests
	$(SWIFT) test

bench: bootstrap
	cd Benchmarks && $(SWIFT) package benchmark

clean-data:
	rm -rf ./data
