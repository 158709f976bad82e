# Greenlight: `make test` runs every test; `go run ./cmd/greenlight demo` runs the demo.
TOOLS ?= $(HOME)/.cache/greenlight-tools
export GREENLIGHT_TOOLS := $(TOOLS)

.PHONY: test tools bench demo lint cluster

# Every test: with the real cosign CLI, and against a real Kubernetes control plane on
# 127.0.0.1 that is started for the run (built once, 5-8 min cold) and stopped after it.
test: tools
	./internal/k8senv/start-cluster.sh > /dev/null
	GREENLIGHT_REQUIRE_TOOLS=1 go test -count=1 -timeout 30m ./... ; \
	  status=$$?; ./internal/k8senv/stop-cluster.sh --quiet; exit $$status

# Tools the tests and benchmarks use, built once from the Go module proxy and cached in $(TOOLS).
tools:
	@./.ci/tools.sh

demo:
	go run ./cmd/greenlight demo

bench: tools
	./bench/run.sh

lint:
	gofmt -l . | tee /dev/stderr | (! read)
	go vet ./...

# Start the test cluster by hand (prints the KUBECONFIG to export); stop it with
# internal/k8senv/stop-cluster.sh.
cluster:
	./internal/k8senv/start-cluster.sh
