package trigger_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
	"github.com/cognito-passwordless/passwordless-go/internal/passkeyround"
	"github.com/cognito-passwordless/passwordless-go/internal/session"
	"github.com/cognito-passwordless/passwordless-go/internal/startup"
	"github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// eventsDir holds the sample events, shared with sam local invoke.
const eventsDir = "../../events"

// clock is the fixed time of every handler test: before the sample seals expire.
var clock = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// sampleEnv returns a Lookup over the function's variables in
// events/env.json or, for a setting other than "", in
// events/env.<setting>.json: the configuration the sample events under
// events/<trigger>/ (setting "") or events/<trigger>/<setting>/ were made
// with. Each file is a SAM CLI --env-vars file.
func sampleEnv(t testing.TB, function, setting string) config.Lookup {
	// One env file, as sam local invoke -n takes one: each is complete for
	// the functions of its events. The others (handlers the setting's events
	// never reach) get env.json's.
	vars := readEnvFile(t, eventsDir+"/env.json")[function]
	if setting != "" {
		if own, ok := readEnvFile(t, settingEnvFile(setting))[function]; ok {
			vars = own
		}
	}
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// readEnvFile reads a SAM CLI --env-vars file: variables by LogicalId.
func readEnvFile(t testing.TB, file string) map[string]map[string]string {
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var env map[string]map[string]string
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return env
}

// settingEnvFile is the SAM CLI --env-vars file of the sample events under
// events/<trigger>/<setting>/.
func settingEnvFile(setting string) string {
	return eventsDir + "/env." + setting + ".json"
}

// sms is a message a recorder was asked to send.
type sms struct{ to, text string }

// recorder is a Sender that keeps what it is given; fail makes it refuse.
type recorder struct {
	mu   sync.Mutex
	sent []sms
	fail error
}

func (r *recorder) Send(_ context.Context, to, text string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.sent = append(r.sent, sms{to, text})
	return nil
}

// sentEmail is an email a mailbox was asked to send.
type sentEmail struct{ to, subject, body string }

// mailbox is a Mailer that keeps what it is given; fail makes it refuse.
type mailbox struct {
	mu   sync.Mutex
	sent []sentEmail
	fail error
}

func (m *mailbox) Send(_ context.Context, to, subject, body string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.sent = append(m.sent, sentEmail{to, subject, body})
	return nil
}

// handlers are the four triggers, configured as the sample events expect,
// logging into logs.
type handlers struct {
	preSignUp trigger.PreSignUp
	define    trigger.Define
	create    trigger.Create
	verify    trigger.Verify
	sender    *recorder
	mailbox   *mailbox
	logs      *bytes.Buffer
}

func newHandlers(t testing.TB) *handlers {
	return newHandlersFor(t, "")
}

// newHandlersFor is newHandlers configured for the sample events of a
// setting (see sampleEnv).
func newHandlersFor(t testing.TB, setting string) *handlers {
	logs := &bytes.Buffer{}
	h := newHandlersWith(t, logs, setting)
	h.logs = logs
	return h
}

// newHandlersLoggingTo is newHandlers with the JSON logs going to w, such
// as io.Discard for benchmarks.
func newHandlersLoggingTo(t testing.TB, w io.Writer) *handlers {
	return newHandlersWith(t, w, "")
}

// newHandlersWith is newHandlersFor with the JSON logs going to w.
func newHandlersWith(t testing.TB, w io.Writer, setting string) *handlers {
	log := slog.New(slog.NewJSONHandler(w, nil))
	preSignUpCfg, err := config.LoadPreSignUp(sampleEnv(t, "PreSignUpFunction", setting))
	if err != nil {
		t.Fatal(err)
	}
	defineCfg, err := config.LoadDefine(sampleEnv(t, "DefineAuthChallengeFunction", setting))
	if err != nil {
		t.Fatal(err)
	}
	createCfg, err := config.LoadCreate(sampleEnv(t, "CreateAuthChallengeFunction", setting))
	if err != nil {
		t.Fatal(err)
	}
	verifyCfg, err := config.LoadVerify(sampleEnv(t, "VerifyAuthChallengeFunction", setting))
	if err != nil {
		t.Fatal(err)
	}
	sender, mailbox := &recorder{}, &mailbox{}
	create := trigger.NewCreate(createCfg, sender, mailbox, nil, log)
	create.Rand = rand.NewChaCha8([32]byte{42})
	create.Now = func() time.Time { return clock }
	verify := trigger.NewVerify(verifyCfg, nil, log)
	verify.Now = create.Now
	if createCfg.Passkeys.On() {
		// An empty credentials table, as the sample table in moto is.
		opts, err := startup.PasskeyOptions(createCfg.Passkeys)
		if err != nil {
			t.Fatal(err)
		}
		rounds := passkeyround.Rounds{Store: passkey.NewMemoryStore(), Options: opts, Rand: create.Rand, Now: create.Now}
		create.Passkeys, verify.Passkeys = rounds, rounds
	}
	return &handlers{
		preSignUp: trigger.PreSignUp{Config: preSignUpCfg, Log: log},
		define:    trigger.NewDefine(defineCfg, log),
		create:    create,
		verify:    verify,
		sender:    sender,
		mailbox:   mailbox,
	}
}

var errSNSDown = errors.New("InvalidParameter: +15555550123 is not reachable")

// channels parses a CHANNELS value.
func channels(t testing.TB, value string) []session.Channel {
	t.Helper()
	c, err := session.ParseChannels(value)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
