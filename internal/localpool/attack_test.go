package localpool

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cip "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/smithy-go"

	"github.com/cognito-passwordless/passwordless-go/internal/config"
	"github.com/cognito-passwordless/passwordless-go/internal/phone"
	passwordless "github.com/cognito-passwordless/passwordless-go/internal/trigger"
)

// The attack simulation's settings: the defaults but for a lockout window
// of seconds, so that the victim's return fits in a test, and per-number
// limits that let the guessing reach the lockout.
const (
	attackAllowed       = "+1,+44,+49"
	attackPoolBudget    = 100 // SMS_PER_POOL_PER_HOUR, the default
	attackLockoutAfter  = 10  // LOCKOUT_AFTER_WRONG_ANSWERS, the default
	attackLockoutWindow = 2 * time.Second
	attackNumbers       = 3000
	attackClients       = 8
)

// attackCountries are the country calling codes of the generated numbers:
// the allowed ones and 27 others, premium-rate favourites included.
var attackCountries = []string{
	"+1", "+44", "+49", "+7", "+20", "+33", "+34", "+39", "+52", "+55", "+62", "+63", "+86", "+91", "+92",
	"+93", "+94", "+212", "+216", "+234", "+254", "+255", "+373", "+375", "+381", "+880", "+960", "+996", "+998", "+882",
}

// TestAttackSimulation is a scripted attacker against local mode, through
// the real aws-sdk-go-v2 client, bounded in count and time. First it
// guesses one victim's code across many sign-ins until the lockout stops
// it, and the victim signs in after the lockout window. Then it signs up
// and starts sign-ins for thousands of numbers across 30 countries (SMS
// pumping). It asserts, and prints for the README:
//
//	go test -count=1 -v -run TestAttackSimulation ./internal/localpool
func TestAttackSimulation(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL_DYNAMODB", "") // counters in memory
	p := startPool(t, Options{Env: map[string]string{
		config.EnvAllowedCountryCodes:      attackAllowed,
		config.EnvSMSPerPoolPerHour:        fmt.Sprint(attackPoolBudget),
		config.EnvLockoutAfterWrongAnswers: fmt.Sprint(attackLockoutAfter),
		config.EnvLockoutWindow:            attackLockoutWindow.String(),
		config.EnvSMSPerNumberPer15Minutes: "10",
		config.EnvSMSPerNumberPerDay:       "0",
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	began := time.Now()

	// Part 1: guessing the victim's code across sign-ins.
	victim := newPhone()
	p.signUp(victim)
	guess := guesser(p, victim)
	// Counts are kept in fixed windows (package limits): start the
	// guessing at the start of a lockout window, so that it all falls in one.
	time.Sleep(time.Until(time.Now().Truncate(attackLockoutWindow).Add(attackLockoutWindow)))
	guessingBegan := time.Now()
	var signIns, evaluated, refused int
	var refusals []string
	for signIns < 12 && ctx.Err() == nil {
		signIns++
		challenge, err := p.initiate(victim)
		if err != nil {
			refused++
			refusals = append(refusals, exceptionMessage(err))
			continue
		}
		session, params := challenge.Session, challenge.ChallengeParameters
		for session != nil {
			evaluated++
			out, err := p.respond(session, params, guess())
			if err != nil {
				refusals = append(refusals, exceptionMessage(err))
				break
			}
			if out.AuthenticationResult != nil {
				t.Fatal("the attacker got the victim's tokens")
			}
			session, params = out.Session, out.ChallengeParameters
		}
	}
	// A burst across a window boundary may get up to twice the limit.
	if windows := windowsSpanned(guessingBegan, time.Now(), attackLockoutWindow); evaluated > windows*attackLockoutAfter {
		t.Errorf("%d guesses answered in %d lockout windows, want at most %d", evaluated, windows, windows*attackLockoutAfter)
	}
	lockedOut := strings.Contains(refusals[len(refusals)-1], passwordless.ErrTooManyAttempts.Error())
	if !lockedOut || refused == 0 {
		t.Errorf("the attacker was not locked out: refusals %q", refusals)
	}
	// The victim, after the window: the lockout lasts one to two windows.
	back := time.Now()
	var victimBack time.Duration
	for time.Since(back) < 3*attackLockoutWindow {
		challenge, err := p.initiate(victim)
		if err != nil {
			time.Sleep(attackLockoutWindow / 8)
			continue
		}
		out, err := p.respond(challenge.Session, challenge.ChallengeParameters, p.lastCode(victim))
		if err != nil || out.AuthenticationResult == nil {
			t.Fatalf("the victim's sign-in after the lockout: %+v, %v", out, err)
		}
		victimBack = time.Since(back)
		break
	}
	if victimBack == 0 {
		t.Fatalf("the victim still cannot sign in %v after the lockout", 3*attackLockoutWindow)
	}

	// A real user who signs up now and signs in after part 2.
	bystander := newPhone()
	p.signUp(bystander)

	// Part 2: SMS pumping through thousands of generated numbers.
	numbers := generatedNumbers(attackNumbers)
	var mu sync.Mutex
	outcome := map[string]int{}
	count := func(what string) { mu.Lock(); outcome[what]++; mu.Unlock() }
	work := make(chan string)
	var wg sync.WaitGroup
	for range attackClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := newClient(p.srv.URL())
			for number := range work {
				_, err := client.SignUp(ctx, &cip.SignUpInput{ClientId: aws.String(p.srv.ClientID()),
					Username: aws.String(number), Password: aws.String("Unused-Passw0rd!")})
				count("sign-up " + outcomeOf(err))
				_, err = client.InitiateAuth(ctx, &cip.InitiateAuthInput{ClientId: aws.String(p.srv.ClientID()),
					AuthFlow: "CUSTOM_AUTH", AuthParameters: map[string]string{"USERNAME": number}})
				count("sign-in " + outcomeOf(err))
			}
		}()
	}
	for _, n := range numbers {
		if ctx.Err() != nil {
			break
		}
		work <- n
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatalf("the simulation ran out of time: %v", outcome)
	}

	allowed, _ := phone.ParseAllowList(attackAllowed)
	sent, outside := 0, 0
	for _, m := range p.srv.Outbox() {
		sent++
		if !allowed.Allows(m.PhoneNumber) {
			outside++
		}
	}
	_, errAfter := p.initiate(bystander)

	t.Logf("attack simulation (%v, %d clients):", time.Since(began).Round(100*time.Millisecond), attackClients)
	t.Logf("  guessing: %d sign-ins of the victim started, %d refused at once with no SMS (%q); %d guesses answered "+
		"(lockout after %d), none right; the victim signed in %v after the lockout began", signIns, refused,
		passwordless.ErrTooManyAttempts.Error(), evaluated, attackLockoutAfter, victimBack.Round(100*time.Millisecond))
	t.Logf("  pumping: %d numbers in %d countries (%s allowed)", len(numbers), len(attackCountries), attackAllowed)
	for _, what := range sortedKeys(outcome) {
		t.Logf("    %-60s %5d", what, outcome[what])
	}
	t.Logf("  SMS sent in all: %d (pool budget %d per hour); SMS to numbers outside the allow-list: %d", sent, attackPoolBudget, outside)
	t.Logf("  a real user's sign-in once the budget is spent: %s (until the hour ends: the alarm's cue)", outcomeOf(errAfter))
	if !strings.Contains(outcomeOf(errAfter), passwordless.ErrUnavailable.Error()) {
		t.Errorf("a real user after the budget is spent: %s, want %q", outcomeOf(errAfter), passwordless.ErrUnavailable)
	}
	if windows := windowsSpanned(began, time.Now(), time.Hour); sent > windows*attackPoolBudget {
		t.Errorf("%d SMS sent in %d budget hours, budget %d an hour", sent, windows, attackPoolBudget)
	}
	if outside != 0 {
		t.Errorf("%d SMS to numbers outside %s", outside, attackAllowed)
	}
	if outcome["sign-in refused: "+passwordless.ErrUnavailable.Error()] == 0 {
		t.Errorf("the pool's budget refused nothing: %v", outcome)
	}
}

// windowsSpanned is the number of fixed windows of length from one to to.
func windowsSpanned(from, to time.Time, length time.Duration) int {
	return int(to.Truncate(length).Sub(from.Truncate(length))/length) + 1
}

// guesser returns the attacker's guesses at number's codes: 000000,
// 000001, ... The simulation skips the real code only so that the test
// cannot fail by a one-in-100,000 lucky guess; what it asserts is how many
// guesses are looked at at all.
func guesser(p *testPool, number string) func() string {
	next := 0
	return func() string {
		real := codeOf(p.t, lastTo(p.srv.Outbox(), number))
		for {
			g := fmt.Sprintf("%06d", next)
			next++
			if g != real {
				return g
			}
		}
	}
}

// generatedNumbers returns n distinct valid numbers spread over
// attackCountries.
func generatedNumbers(n int) []string {
	numbers := make([]string, n)
	for i := range numbers {
		code := attackCountries[i%len(attackCountries)]
		numbers[i] = fmt.Sprintf("%s%09d", code, 700000000+i)
	}
	return numbers
}

// outcomeOf names a call's outcome: "ok", or "refused: <message>".
func outcomeOf(err error) string {
	if err == nil {
		return "ok"
	}
	return "refused: " + exceptionMessage(err)
}

// exceptionMessage is a Cognito error's message without the trigger's
// wrapping ("CreateAuthChallenge failed with error ...").
func exceptionMessage(err error) string {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	msg := apiErr.ErrorMessage()
	if _, after, ok := strings.Cut(msg, " failed with error "); ok {
		msg = strings.TrimSuffix(after, ".")
	}
	return msg
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
