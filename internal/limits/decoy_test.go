package limits_test

import (
	"context"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/limits"
)

// TestDecoysSpendNoSharedBudget is the attack of a free denial of service:
// sign-ins for many names nobody signed up for (decoys, to which nothing is
// sent) try to spend the pool's and a country's SMS budgets and the pool's
// email budget, so that real users are refused for the rest of the hour.
// Decoys only read those budgets, so real users still get their codes;
// each decoy address still counts against its own windows.
func TestDecoysSpendNoSharedBudget(t *testing.T) {
	ctx := context.Background()
	policy := limits.Policy{
		PerNumber:  []limits.Window{win(3, 15*time.Minute)},
		PerCountry: win(5, time.Hour),
		Pool:       win(5, time.Hour),
		PerAddress: []limits.Window{win(3, 15*time.Minute)},
		EmailPool:  win(5, time.Hour),
	}
	l, _ := newLimiter(t, policy, newClock(start))
	for i := range 100 {
		if d, err := l.AllowSignIn(ctx, number(1000+i), number(1000+i), "+1", limits.Decoy); err != nil || !d.Allowed {
			t.Fatalf("decoy %d: %v, %v; want allowed, as a real user's first code", i, d, err)
		}
		if d, err := l.AllowEmailSignIn(ctx, address(1000+i), address(1000+i), limits.Decoy); err != nil || !d.Allowed {
			t.Fatalf("decoy email %d: %v, %v; want allowed", i, d, err)
		}
	}
	for i := range 5 {
		if d, err := l.AllowSignIn(ctx, "real", number(i), "+1", limits.Real); err != nil || !d.Allowed {
			t.Fatalf("real user %d after 100 decoys: %v, %v; want allowed", i, d, err)
		}
		if d, err := l.AllowEmailSignIn(ctx, "real", address(i), limits.Real); err != nil || !d.Allowed {
			t.Fatalf("real email %d after 100 decoys: %v, %v; want allowed", i, d, err)
		}
	}
	// The budgets are now spent by real codes: a decoy is refused exactly
	// as a real user is, by the same limit.
	real, _ := l.AllowSignIn(ctx, "real", number(6), "+1", limits.Real)
	decoy, _ := l.AllowSignIn(ctx, number(2000), number(2000), "+1", limits.Decoy)
	if real.Allowed || decoy != real {
		t.Errorf("with the budget spent: real %v, decoy %v; want both refused alike", real, decoy)
	}
	realEmail, _ := l.AllowEmailSignIn(ctx, "real", address(6), limits.Real)
	decoyEmail, _ := l.AllowEmailSignIn(ctx, address(2000), address(2000), limits.Decoy)
	if realEmail.Allowed || decoyEmail != realEmail {
		t.Errorf("with the email budget spent: real %v, decoy %v; want both refused alike", realEmail, decoyEmail)
	}
}

// TestDecoyAddressStillCounts: a name nobody signed up for, asked for
// again and again, meets its own address's limit as a real one would.
func TestDecoyAddressStillCounts(t *testing.T) {
	ctx := context.Background()
	l, ledger := newLimiter(t, limits.Policy{PerNumber: []limits.Window{win(3, 15*time.Minute)}, Pool: win(100, time.Hour)}, newClock(start))
	for i := range 4 {
		d, err := l.AllowSignIn(ctx, "ghost", number(7), "+1", limits.Decoy)
		if err != nil || d.Allowed != (i < 3) {
			t.Fatalf("decoy code %d: %v, %v; want allowed %v", i+1, d, err, i < 3)
		}
		if i == 3 && d.RefusedBy != limits.KindNumber {
			t.Errorf("the fourth: refused by %s, want %s", d.RefusedBy, limits.KindNumber)
		}
	}
	if n := ledger.netOf("p"); n != 0 {
		t.Errorf("the pool budget counted %d decoy codes, want 0", n)
	}
	if n := ledger.netOf("n"); n != 3 {
		t.Errorf("the decoy number's window counted %d codes, want 3", n)
	}
}
