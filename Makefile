# Passwordless SMS sign-in for Amazon Cognito: build and test.
#   make build   the four Lambda bootstraps for linux/arm64 under bin/<name>/bootstrap
#   make test    go vet, every test, brief fuzzing (needs moto_server and cfn-lint)

SHELL := /bin/bash
FUNCTIONS := pre-signup define-auth-challenge create-auth-challenge verify-auth-challenge

# The flags every Lambda build uses: make build and SAM's build-<LogicalId> targets.
LAMBDA_ENV   := CGO_ENABLED=0 GOOS=linux GOARCH=arm64
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags "-s -w"
# lambda_build builds ./cmd/$(1) into the file $(2).
lambda_build = $(LAMBDA_ENV) go build $(LAMBDA_FLAGS) -o $(2) ./cmd/$(1)

FUZZTIME ?= 10s

.PHONY: build test vet unit fuzz check-tools clean $(FUNCTIONS:%=bin/%/bootstrap)

build: $(FUNCTIONS:%=bin/%/bootstrap)

$(FUNCTIONS:%=bin/%/bootstrap): bin/%/bootstrap:
	$(call lambda_build,$*,$@)

test: check-tools vet unit fuzz

vet:
	go vet ./...

unit:
	go test -count=1 -timeout 8m ./...

# Each fuzz target runs for FUZZTIME on top of its seed corpus.
fuzz:
	go test -run '^$$' -fuzz '^FuzzDecide$$' -fuzztime $(FUZZTIME) ./internal/session
	go test -run '^$$' -fuzz '^FuzzVerify$$' -fuzztime $(FUZZTIME) ./internal/trigger

# The tests run the real moto_server and cfn-lint; say how to get them.
check-tools:
	@command -v go >/dev/null || { echo "go is missing: install Go 1.26 from https://go.dev/dl/"; exit 1; }
	@command -v moto_server >/dev/null || { echo 'moto_server is missing: pip install "moto[server]"'; exit 1; }

clean:
	rm -rf bin
