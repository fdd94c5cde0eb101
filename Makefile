# Passwordless SMS sign-in for Amazon Cognito: build and test.
#   make build   the four Lambda bootstraps for linux/arm64 under bin/<name>/bootstrap
#   make test    go vet, every test, brief fuzzing, the template's lint (needs moto_server, cfn-lint, the AWS CLI, Node.js)
#   make bench   the cold-start report, then the benchmarks, summarized by benchstat
#   make demo    the whole sign-up and sign-in, offline, through local mode
#   make build-host  the triggers for this machine under bin/host (passwordless local --bin-dir bin/host)
#   make build-<LogicalId> ARTIFACTS_DIR=<dir>   one function of template.yaml (sam build runs these)

SHELL := /bin/bash
FUNCTIONS := pre-signup define-auth-challenge create-auth-challenge verify-auth-challenge passkeys-api

# The flags every Lambda build uses: make build and SAM's build-<LogicalId> targets.
LAMBDA_ENV   := CGO_ENABLED=0 GOOS=linux GOARCH=arm64
LAMBDA_FLAGS := -tags lambda.norpc -trimpath -ldflags "-s -w"
# lambda_build builds ./cmd/$(1) into the file $(2).
lambda_build = $(LAMBDA_ENV) go build $(LAMBDA_FLAGS) -o $(2) ./cmd/$(1)

FUZZTIME ?=

.PHONY: build build-host test vet unit js-deps fuzz coldstart bench check-tools clean $(FUNCTIONS:%=bin/%/bootstrap)

build: $(FUNCTIONS:%=bin/%/bootstrap)

$(FUNCTIONS:%=bin/%/bootstrap): bin/%/bootstrap:
	$(call lambda_build,$*,$@)

# The triggers for this machine's OS and architecture, for local mode:
# passwordless local --bin-dir bin/host
build-host:
	$(foreach f,$(FUNCTIONS),CGO_ENABLED=0 go build $(LAMBDA_FLAGS) -o bin/host/$(f)/bootstrap ./cmd/$(f) &&) true

# Each step says when it starts; the run ends with a line per step, its
# time and outcome, and a total (scripts/steps.sh).
test:
	@scripts/steps.sh tools=check-tools vet=vet tests=unit fuzz=fuzz template=lint-template

vet:
	go vet ./...

# Every Go test, through gotestsum (pinned, fetched through the Go module
# proxy on first use): a line per package as it finishes, the failures
# again at the end, and DONE with the count of tests. TestColdStart is a
# timing report (make coldstart), not a test that can fail.
GOTESTSUM := go run gotest.tools/gotestsum@v1.13.0
# unit installs the JavaScript clients first (js-deps), once.
unit: js-deps
	$(GOTESTSUM) --format pkgname-and-test-fails -- -count=1 -timeout 8m -skip '^TestColdStart$$' ./...

# AWS's JavaScript Cognito clients, at the versions package-lock.json pins,
# for the local pool's TestIdentityJS and TestAmplifyJS.
js-deps:
	npm ci --prefix internal/localpool/testdata/js --no-audit --no-fund --loglevel=error --update-notifier=false

# The cold starts of the triggers against a bare aws-lambda-go binary: a
# report with medians and ratios (docs/performance.md), never a failure.
coldstart:
	go test -count=1 -v -run '^TestColdStart$$' ./internal/e2e

# BENCHCOUNT runs of each benchmark, summarized by benchstat (fetched
# through the Go module proxy on first use).
BENCHCOUNT ?= 6
BENCHSTAT  := go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench: coldstart
	go test -run '^$$' -bench . -benchmem -count $(BENCHCOUNT) ./internal/... | tee bench.txt
	$(BENCHSTAT) bench.txt

# Each fuzz target runs a fixed number of new inputs on top of its seed
# corpus, about 10 s each on two cores, minimising a new one for at most
# 200 runs. A count, not a duration: Go's fuzzing coordinator can fail a
# duration-bounded run at its deadline with "context deadline exceeded"
# although it found nothing (a race in the coordinator under load), and
# make test must never fail by chance. FUZZTIME=30s runs each target for a
# duration instead (fuzz_run's third argument is its default count).
fuzz_run = go test -run '^$$' -fuzz '^$(1)$$' -fuzztime $(or $(FUZZTIME),$(3)) -fuzzminimizetime 200x $(2)
fuzz:
	$(call fuzz_run,FuzzDecide,./internal/session,500000x)
	$(call fuzz_run,FuzzVerify,./internal/trigger,200000x)
	$(call fuzz_run,FuzzKeys,./internal/limits,200000x)
	$(call fuzz_run,FuzzAllowList,./internal/phone,500000x)
	$(call fuzz_run,FuzzCountryCode,./internal/phone,500000x)
	$(call fuzz_run,FuzzServerA,./internal/srp,20000x)
	$(call fuzz_run,FuzzMask,./internal/emailaddr,300000x)
	$(call fuzz_run,FuzzDomain,./internal/emailaddr,300000x)
	$(call fuzz_run,FuzzVerifyAssertion,./internal/passkey,80000x)
	$(call fuzz_run,FuzzHandle,./internal/passkeyapi,100000x)

# The tests run the real moto_server, cfn-lint, the AWS CLI and Node; say how to get them.
check-tools:
	@command -v go >/dev/null || { echo "go is missing: install Go 1.26 from https://go.dev/dl/"; exit 1; }
	@command -v moto_server >/dev/null || { echo 'moto_server is missing: pip install "moto[server]"'; exit 1; }
	@command -v cfn-lint >/dev/null || { echo 'cfn-lint is missing: pip install cfn-lint'; exit 1; }
	@command -v aws >/dev/null || { echo 'the AWS CLI is missing: pip install awscli'; exit 1; }
	@command -v node >/dev/null || { echo 'node is missing: install Node.js 20 or later (with npm) from https://nodejs.org/'; exit 1; }
	@command -v npm >/dev/null || { echo 'npm is missing: install it with Node.js 20 or later from https://nodejs.org/'; exit 1; }
	@command -v curl >/dev/null || { echo 'curl is missing: apt-get install -y curl (the docs examples use it)'; exit 1; }
	@python3 -c 'import samtranslator' 2>/dev/null || { echo "python3 cannot import samtranslator (AWS's SAM translator, which cfn-lint ships): pip install cfn-lint"; exit 1; }
	@command -v chromium >/dev/null || { echo "chromium is missing (the sign-in page's browser tests drive it headless): apt-get update && apt-get install -y chromium"; exit 1; }

# SAM's makefile build method: sam build runs make build-<LogicalId> with
# ARTIFACTS_DIR set, for each function of template.yaml whose Metadata says
# BuildMethod: makefile. Each writes $(ARTIFACTS_DIR)/bootstrap exactly as
# make build does. cmd_<LogicalId> names the command under cmd/.
cmd_PreSignUpFunction           := pre-signup
cmd_DefineAuthChallengeFunction := define-auth-challenge
cmd_CreateAuthChallengeFunction := create-auth-challenge
cmd_VerifyAuthChallengeFunction := verify-auth-challenge
cmd_PasskeysApiFunction         := passkeys-api
SAM_FUNCTIONS := PreSignUpFunction DefineAuthChallengeFunction CreateAuthChallengeFunction VerifyAuthChallengeFunction PasskeysApiFunction

.PHONY: $(SAM_FUNCTIONS:%=build-%) lint-template

$(SAM_FUNCTIONS:%=build-%): build-%:
	@test -n "$(ARTIFACTS_DIR)" || { echo 'ARTIFACTS_DIR is not set: sam build sets it; by hand run make $@ ARTIFACTS_DIR=<dir>'; exit 1; }
	$(call lambda_build,$(cmd_$*),$(ARTIFACTS_DIR)/bootstrap)

# The template must pass the real AWS linter (pip install cfn-lint).
lint-template:
	cfn-lint template.yaml

clean:
	rm -rf bin

# The README's way to run the project: local mode builds the triggers for
# this machine, signs up a test number and signs it in offline, then stops.
.PHONY: demo
demo:
	@echo "==> Building the passwordless command. The first time this downloads Go modules and"
	@echo "    builds them (about a minute on two cores); later runs take seconds."
	@go build -o bin/passwordless ./cmd/passwordless
	@echo "==> bin/passwordless demo"
	@bin/passwordless demo
