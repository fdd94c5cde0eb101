package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/localpool"
)

// demoPhone is a number reserved for fiction (555-01xx), so the demo never
// texts anybody even if pointed at a real SMS endpoint.
const demoPhone = "+15555550123"

// snsEndpointVar, when set, makes local mode send SMS to that endpoint
// instead of its outbox.
const snsEndpointVar = "AWS_ENDPOINT_URL_SNS"

const demoAbout = `Runs the whole sign-in offline, without prompting: starts local mode in
this process on a free port (building the triggers for this machine unless
--bin-dir is given), signs up a test number and signs it in with the codes
taken from local mode's SMS outbox. On the way it asks for a new code once,
as a user typing r does, and shows that the first code no longer works.
It prints the ID token's claims and stops. This is what "make demo" runs.`

func runDemo(ctx context.Context, s streams, args []string) error {
	fs := newFlagSet("demo", "", demoAbout, s.stderr)
	number := fs.String("phone", demoPhone, "test phone number to sign up and sign in (E.164)")
	binDir := fs.String("bin-dir", "", "use prebuilt triggers DIR/<name>/bootstrap, built for this machine (make build-host), instead of building them")
	verbose := fs.Bool("v", false, "also show the triggers' and the local pool's logs")
	if _, err := parseArgs(fs, args); err != nil {
		return err
	}
	if _, err := phoneArg(fs, *number); err != nil {
		return err
	}
	if os.Getenv(snsEndpointVar) != "" {
		// Local mode then sends the SMS there, and the outbox stays empty.
		return fmt.Errorf("the demo reads the code from local mode's outbox: unset %s", snsEndpointVar)
	}
	logs := io.Discard
	if *verbose {
		logs = s.stderr
	}
	return demo(ctx, *number, *binDir, logs, s)
}

// demo runs sign-up and sign-in for number against a local pool of its own,
// with the codes from the pool's outbox and one resend, and stops the pool.
func demo(ctx context.Context, number, binDir string, logs io.Writer, s streams) (err error) {
	if binDir == "" {
		fmt.Fprintln(s.stderr, "Building the triggers for this machine and starting a local user pool...")
	}
	srv, err := localpool.Start(ctx, localpool.Options{Addr: "127.0.0.1:0", BinDir: binDir, Out: s.stderr, Logs: logs})
	if err != nil {
		return err
	}
	defer func() {
		closeErr := srv.Close()
		if closeErr == nil {
			fmt.Fprintln(s.stderr, "Stopped the local user pool.")
		}
		if err == nil && closeErr == nil {
			fmt.Fprintln(s.stderr, "Every flow in a browser, passkeys included: go run ./cmd/passwordless local --passkeys, then open http://localhost:9229/")
		}
		err = errors.Join(err, closeErr)
	}()
	pool, err := newPool(ctx, localpool.DefaultRegion, srv.URL(), srv.ClientID())
	if err != nil {
		return err
	}
	pool.userPoolID = srv.UserPoolID()
	if err := signUp(ctx, pool, number, "", s.stdout); err != nil {
		return err
	}
	codes := &demoCodes{outbox: &outboxCodes{messages: srv.Messages, to: number, since: time.Now(), status: s.stderr}, status: s.stderr}
	res, err := signIn(ctx, pool, number, "", codes, s.stderr, nil)
	if err != nil {
		return err
	}
	return printSignedIn(s.stdout, res, false)
}

// demoCodes plays a user who asks for a new code once: it reads the first
// code, asks for a new one instead of answering (r), then answers the old
// code, which the pool refuses, and then the new one.
type demoCodes struct {
	outbox        *outboxCodes
	status        io.Writer
	first, second string
}

func (d *demoCodes) Code(ctx context.Context, ch challenge) (string, error) {
	switch {
	case d.first == "":
		code, err := d.outbox.Code(ctx, ch)
		if err != nil {
			return "", err
		}
		if ch.cannotResend("") != "" {
			return code, nil // a pool that sends no new codes: just sign in
		}
		d.first = code
		fmt.Fprintf(d.status, "Asking for a new code instead (%s), as if this one had not arrived.\n", keyResend)
		return keyResend, nil
	case d.second == "":
		code, err := d.outbox.Code(ctx, ch)
		if err != nil {
			return "", err
		}
		d.second = code
		fmt.Fprintf(d.status, "Answering with the first code, %s, which no longer works.\n", d.first)
		return d.first, nil
	default:
		fmt.Fprintf(d.status, "Answering with the new code, %s.\n", d.second)
		return d.second, nil
	}
}
