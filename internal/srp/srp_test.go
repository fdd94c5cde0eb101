package srp_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"math/big"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/cognito-passwordless/passwordless-go/internal/srp"
)

// seeded returns a deterministic randomness source for repeatable tests.
func seeded(seed byte) *rand.ChaCha8 {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

const (
	poolName = "Example"
	userID   = "3c5f9a2e-7b1d-4e8f-a6c0-9d2b4e6f8a1c"
	password = "Correct Horse Battery Staple 1!"
)

// nHex is N, spelt independently of the package (RFC 3526, group 15).
const nHex = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
	"EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
	"EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F" +
	"83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B" +
	"E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510" +
	"15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7" +
	"ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C" +
	"BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"

var groupN, _ = new(big.Int).SetString(nHex, 16)

// multipleOfN returns m·N in hexadecimal.
func multipleOfN(m int64) string {
	return new(big.Int).Mul(groupN, big.NewInt(m)).Text(16)
}

// a single-digit day, so that a zero-padded spelling differs.
var signedAt = time.Date(2024, time.September, 3, 1, 22, 31, 0, time.UTC)

var secretBlock = base64.StdEncoding.EncodeToString([]byte("opaque server state"))

// exchange runs InitiateAuth's half: a verifier for password, a client, a
// server, and the challenge.
func exchange(t testing.TB, seed byte) (*srp.Client, *srp.Server, srp.Challenge) {
	t.Helper()
	r := seeded(seed)
	verifier, err := srp.NewVerifier(poolName, userID, password, r)
	if err != nil {
		t.Fatal(err)
	}
	client, err := srp.NewClient(r)
	if err != nil {
		t.Fatal(err)
	}
	server, err := srp.NewServer(verifier, client.A(), r)
	if err != nil {
		t.Fatal(err)
	}
	return client, server, server.Challenge(userID, secretBlock)
}

// flipSignature changes one bit of a base64 signature.
func flipSignature(s string) string {
	b, _ := base64.StdEncoding.DecodeString(s)
	b[len(b)-1] ^= 1
	return base64.StdEncoding.EncodeToString(b)
}

func TestRoundTrip(t *testing.T) {
	for i, tc := range []struct {
		name     string
		password string // the client's
		alter    func(*srp.Claim)
		poolName string // the server's, when not poolName
		userID   string // the server's, when not userID
		want     error
	}{
		{name: "right password", password: password},
		{name: "wrong password", password: "Correct Horse Battery Staple 2!", want: srp.ErrSignature},
		{name: "empty password", password: "", want: srp.ErrSignature},
		{name: "altered signature", password: password, alter: func(c *srp.Claim) { c.Signature = flipSignature(c.Signature) }, want: srp.ErrSignature},
		{name: "truncated signature", password: password, alter: func(c *srp.Claim) { c.Signature = c.Signature[:40] + "=" }, want: srp.ErrSignature},
		{name: "empty signature", password: password, alter: func(c *srp.Claim) { c.Signature = "" }, want: srp.ErrSignature},
		{name: "signature not base64", password: password, alter: func(c *srp.Claim) { c.Signature = "not base64!" }, want: srp.ErrSignature},
		{name: "other secret block", password: password, alter: func(c *srp.Claim) { c.SecretBlock = base64.StdEncoding.EncodeToString([]byte("opaque server statf")) }, want: srp.ErrSignature},
		{name: "secret block not base64", password: password, alter: func(c *srp.Claim) { c.SecretBlock = "%%%" }, want: srp.ErrSecretBlock},
		{name: "timestamp a second later", password: password, alter: func(c *srp.Claim) { c.Timestamp = srp.FormatTimestamp(signedAt.Add(time.Second)) }, want: srp.ErrSignature},
		{name: "timestamp with a zero-padded day", password: password, alter: func(c *srp.Claim) { c.Timestamp = strings.Replace(c.Timestamp, " 3 ", " 03 ", 1) }, want: srp.ErrSignature},
		{name: "timestamp with the wrong weekday", password: password, alter: func(c *srp.Claim) { c.Timestamp = strings.Replace(c.Timestamp, "Tue", "Wed", 1) }, want: srp.ErrSignature},
		{name: "timestamp in ISO 8601", password: password, alter: func(c *srp.Claim) { c.Timestamp = signedAt.Format(time.RFC3339) }, want: srp.ErrTimestamp},
		{name: "timestamp in GMT", password: password, alter: func(c *srp.Claim) { c.Timestamp = strings.Replace(c.Timestamp, "UTC", "GMT", 1) }, want: srp.ErrTimestamp},
		{name: "empty timestamp", password: password, alter: func(c *srp.Claim) { c.Timestamp = "" }, want: srp.ErrTimestamp},
		{name: "other pool", password: password, poolName: "Other", want: srp.ErrSignature},
		{name: "other user", password: password, userID: "someone-else", want: srp.ErrSignature},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client, server, challenge := exchange(t, byte(i))
			claim, err := client.Claim(poolName, tc.password, challenge, signedAt)
			if err != nil {
				t.Fatal(err)
			}
			if claim.Timestamp != "Tue Sep 3 01:22:31 UTC 2024" || claim.SecretBlock != secretBlock {
				t.Errorf("claim = %+v", claim)
			}
			if tc.alter != nil {
				tc.alter(&claim)
			}
			pool, user := poolName, userID
			if tc.poolName != "" {
				pool = tc.poolName
			}
			if tc.userID != "" {
				user = tc.userID
			}
			if err := server.Verify(pool, user, claim); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

// TestVerifyOnce checks that an exchange proves the password once: a
// replayed claim fails even though it is right.
func TestVerifyOnce(t *testing.T) {
	client, server, challenge := exchange(t, 1)
	claim, err := client.Claim(poolName, password, challenge, signedAt)
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Verify(poolName, userID, claim); err != nil {
		t.Fatalf("first Verify = %v", err)
	}
	if err := server.Verify(poolName, userID, claim); !errors.Is(err, srp.ErrUsed) {
		t.Errorf("second Verify = %v, want ErrUsed", err)
	}

	// A failed attempt uses the exchange up too, or one exchange would
	// take any number of password guesses.
	client, server, challenge = exchange(t, 2)
	wrong, _ := client.Claim(poolName, "guess", challenge, signedAt)
	right, _ := client.Claim(poolName, password, challenge, signedAt)
	if err := server.Verify(poolName, userID, wrong); !errors.Is(err, srp.ErrSignature) {
		t.Fatalf("wrong password: Verify = %v", err)
	}
	if err := server.Verify(poolName, userID, right); !errors.Is(err, srp.ErrUsed) {
		t.Errorf("right password after a wrong one: Verify = %v, want ErrUsed", err)
	}
}

// TestSameChallengeTwice checks that the signature depends only on the
// inputs: two claims for one challenge and clock are identical, and a
// fresh exchange gives a different one.
func TestSameChallengeTwice(t *testing.T) {
	client, _, challenge := exchange(t, 3)
	first, _ := client.Claim(poolName, password, challenge, signedAt)
	second, _ := client.Claim(poolName, password, challenge, signedAt)
	if first != second {
		t.Errorf("claims differ: %+v, %+v", first, second)
	}
	other, _, otherChallenge := exchange(t, 4)
	third, _ := other.Claim(poolName, password, otherChallenge, signedAt)
	if third.Signature == first.Signature {
		t.Error("two exchanges gave one signature")
	}
}

// badPublic are SRP_A or SRP_B values every side must refuse.
var badPublic = []struct{ name, value string }{
	{"empty", ""},
	{"zero", "0"},
	{"zeros", "000000"},
	{"N", multipleOfN(1)},
	{"N in capitals", strings.ToUpper(multipleOfN(1))},
	{"N with leading zeros", "0000" + multipleOfN(1)},
	{"2N", multipleOfN(2)},
	{"7N", multipleOfN(7)},
	{"N+1", new(big.Int).Add(groupN, big.NewInt(1)).Text(16)},
	{"negative", "-1"},
	{"plus sign", "+1"},
	{"0x prefix", "0x1"},
	{"underscore", "1_0"},
	{"not hex", "12g4"},
	{"space", " 1"},
	{"newline", "1\n"},
	{"non-ASCII digit", "１"},
	{"too long", strings.Repeat("0", 1024) + "1"},
	{"far too long", strings.Repeat("f", 1<<20)},
}

func TestNewServerRefusesA(t *testing.T) {
	verifier, err := srp.NewVerifier(poolName, userID, password, seeded(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range badPublic {
		if s, err := srp.NewServer(verifier, tc.value, seeded(2)); !errors.Is(err, srp.ErrPublicValue) {
			t.Errorf("%s: NewServer = %v, %v; want ErrPublicValue", tc.name, s, err)
		}
	}
}

func TestNewServerAcceptsA(t *testing.T) {
	verifier, _ := srp.NewVerifier(poolName, userID, password, seeded(1))
	client, _ := srp.NewClient(seeded(2))
	for _, tc := range []struct{ name, value string }{
		{"as sent", client.A()},
		{"in capitals", strings.ToUpper(client.A())},
		{"with leading zeros", "00" + client.A()},
		{"1", "1"},
		{"N-1", new(big.Int).Sub(groupN, big.NewInt(1)).Text(16)},
		{"1024 digits", strings.Repeat("0", 1023) + "2"},
	} {
		if _, err := srp.NewServer(verifier, tc.value, seeded(3)); err != nil {
			t.Errorf("%s: NewServer = %v", tc.name, err)
		}
	}
}

func TestClaimRefusesChallenge(t *testing.T) {
	client, _, good := exchange(t, 5)
	type refusal struct {
		name  string
		alter func(*srp.Challenge)
		want  error
	}
	var cases []refusal
	for _, tc := range badPublic {
		cases = append(cases, refusal{"SRP_B " + tc.name, func(ch *srp.Challenge) { ch.SRPB = tc.value }, srp.ErrPublicValue})
	}
	for _, salt := range []string{"", "-1", "0x12", "zz", strings.Repeat("1", 1025)} {
		cases = append(cases, refusal{"SALT " + salt, func(ch *srp.Challenge) { ch.Salt = salt }, srp.ErrSalt})
	}
	for _, block := range []string{"%%%", "abc", "YWJj\x00", "YWJj-_"} {
		cases = append(cases, refusal{"SECRET_BLOCK " + block, func(ch *srp.Challenge) { ch.SecretBlock = block }, srp.ErrSecretBlock})
	}
	for _, tc := range cases {
		ch := good
		tc.alter(&ch)
		if claim, err := client.Claim(poolName, password, ch, signedAt); !errors.Is(err, tc.want) {
			t.Errorf("%.40s: Claim = %+v, %v; want %v", tc.name, claim, err, tc.want)
		}
	}
}

func TestNewServerRefusesMalformedVerifier(t *testing.T) {
	client, _ := srp.NewClient(seeded(1))
	good, _ := srp.NewVerifier(poolName, userID, password, seeded(2))
	for _, v := range []srp.Verifier{
		{},
		{Salt: good.Salt},
		{V: good.V},
		{Salt: "not hex", V: good.V},
		{Salt: good.Salt, V: "0"},
		{Salt: good.Salt, V: multipleOfN(1)},
	} {
		if _, err := srp.NewServer(v, client.A(), seeded(3)); err == nil {
			t.Errorf("NewServer(%+v) succeeded", v)
		}
	}
}

func TestRandomnessFailures(t *testing.T) {
	empty := func() *bytes.Reader { return bytes.NewReader(nil) }
	short := func() *bytes.Reader { return bytes.NewReader(make([]byte, 100)) }
	zeros := func() *bytes.Reader { return bytes.NewReader(make([]byte, 128)) }
	for name, r := range map[string]func() *bytes.Reader{"empty": empty, "short": short, "zeros": zeros} {
		if _, err := srp.NewClient(r()); err == nil {
			t.Errorf("NewClient with %s randomness succeeded", name)
		}
		verifier, _ := srp.NewVerifier(poolName, userID, password, seeded(1))
		if _, err := srp.NewServer(verifier, "2", r()); err == nil {
			t.Errorf("NewServer with %s randomness succeeded", name)
		}
	}
	if _, err := srp.NewVerifier(poolName, userID, password, bytes.NewReader(make([]byte, 15))); err == nil {
		t.Error("NewVerifier with 15 bytes of randomness succeeded")
	}
}

func TestDefaultRandomness(t *testing.T) {
	verifier, err := srp.NewVerifier(poolName, userID, password, nil)
	if err != nil {
		t.Fatal(err)
	}
	other, _ := srp.NewVerifier(poolName, userID, password, nil)
	if verifier == other {
		t.Error("two verifiers of one password are equal: the salt is not random")
	}
	client, err := srp.NewClient(nil)
	if err != nil {
		t.Fatal(err)
	}
	server, err := srp.NewServer(verifier, client.A(), nil)
	if err != nil {
		t.Fatal(err)
	}
	claim, err := client.Claim(poolName, password, server.Challenge(userID, secretBlock), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := server.Verify(poolName, userID, claim); err != nil {
		t.Errorf("Verify = %v", err)
	}
}

func TestFormatTimestamp(t *testing.T) {
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2024, time.September, 3, 1, 22, 31, 0, time.UTC), "Tue Sep 3 01:22:31 UTC 2024"},
		{time.Date(2024, time.January, 1, 0, 0, 0, 0, time.UTC), "Mon Jan 1 00:00:00 UTC 2024"},
		{time.Date(2024, time.February, 29, 9, 9, 9, 0, time.UTC), "Thu Feb 29 09:09:09 UTC 2024"},
		{time.Date(2024, time.March, 9, 10, 0, 5, 0, time.UTC), "Sat Mar 9 10:00:05 UTC 2024"},
		{time.Date(2024, time.April, 10, 12, 30, 0, 0, time.UTC), "Wed Apr 10 12:30:00 UTC 2024"},
		{time.Date(2024, time.May, 5, 23, 59, 59, 999999999, time.UTC), "Sun May 5 23:59:59 UTC 2024"},
		{time.Date(2024, time.June, 6, 6, 6, 6, 0, time.UTC), "Thu Jun 6 06:06:06 UTC 2024"},
		{time.Date(2024, time.July, 19, 19, 19, 19, 0, time.UTC), "Fri Jul 19 19:19:19 UTC 2024"},
		{time.Date(2024, time.August, 31, 20, 0, 0, 0, time.UTC), "Sat Aug 31 20:00:00 UTC 2024"},
		{time.Date(2024, time.October, 1, 1, 1, 1, 0, time.UTC), "Tue Oct 1 01:01:01 UTC 2024"},
		{time.Date(2024, time.November, 11, 11, 11, 11, 0, time.UTC), "Mon Nov 11 11:11:11 UTC 2024"},
		{time.Date(2024, time.December, 25, 0, 0, 1, 0, time.UTC), "Wed Dec 25 00:00:01 UTC 2024"},
		// Another zone is written in UTC, here across midnight and a year.
		{time.Date(2025, time.January, 1, 3, 0, 0, 0, time.FixedZone("+05:30", 5*3600+1800)), "Tue Dec 31 21:30:00 UTC 2024"},
	} {
		got := srp.FormatTimestamp(tc.t)
		if got != tc.want {
			t.Errorf("FormatTimestamp(%v) = %q, want %q", tc.t, got, tc.want)
		}
		parsed, err := srp.ParseTimestamp(got)
		if err != nil || !parsed.Equal(tc.t.Truncate(time.Second)) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", got, parsed, err, tc.t)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	want := time.Date(2024, time.September, 3, 1, 22, 31, 0, time.UTC)
	// Spellings FormatTimestamp never writes but Java's parser reads; they
	// parse, and Verify then fails them on the signature.
	for _, s := range []string{
		"Tue Sep 3 01:22:31 UTC 2024",
		"Tue Sep 03 01:22:31 UTC 2024",
		"Wed Sep 3 01:22:31 UTC 2024",
		"Tue Sep 3 1:22:31 UTC 2024",
	} {
		if got, err := srp.ParseTimestamp(s); err != nil || !got.Equal(want) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{
		"",
		"2024-09-03T01:22:31Z",
		"Tue Sep 3 01:22:31 2024",
		"Tue Sep 3 01:22:31 GMT 2024",
		"Tue Sep 3 01:22:31 PST 2024",
		"Tue Sep 3 01:22:31 +0000 2024",
		"Tue Sep 3 01:22:31 UTC 24",
		"Tue Sep 32 01:22:31 UTC 2024",
		"Tue Feb 30 01:22:31 UTC 2024",
		"Tue Sep 3 24:00:00 UTC 2024",
		"Tue Sep 3 01:60:00 UTC 2024",
		"Tue Sep 3 01:22:3 UTC 2024",
		"Tue September 3 01:22:31 UTC 2024",
		"Dienstag Sep 3 01:22:31 UTC 2024",
		"Tue Sep 3 01:22:31 UTC 2024 extra",
		"Tue Sep 3 01:22:31.5 UTC 2024x",
		strings.Repeat("Tue Sep 3 01:22:31 UTC 2024 ", 10),
	} {
		if got, err := srp.ParseTimestamp(s); !errors.Is(err, srp.ErrTimestamp) {
			t.Errorf("ParseTimestamp(%.40q) = %v, %v; want ErrTimestamp", s, got, err)
		}
	}
}

// FuzzServerA checks that no SRP_A makes NewServer panic, that every value
// it takes is a hexadecimal number in (0, N), and in particular that one
// that is 0 modulo N is always refused.
func FuzzServerA(f *testing.F) {
	verifier, err := srp.NewVerifier(poolName, userID, password, seeded(1))
	if err != nil {
		f.Fatal(err)
	}
	client, _ := srp.NewClient(seeded(2))
	for _, seed := range []string{
		client.A(), "1", "2", "0", "00", multipleOfN(1), multipleOfN(2), multipleOfN(1 << 40),
		"0" + multipleOfN(1), new(big.Int).Sub(groupN, big.NewInt(1)).Text(16), "-1", "+2", "0x2", "g", "",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, srpA string) {
		server, err := srp.NewServer(verifier, srpA, seeded(3))
		value, isHex := new(big.Int), len(srpA) > 0 && strings.Trim(strings.ToLower(srpA), "0123456789abcdef") == ""
		if isHex {
			value.SetString(srpA, 16)
		}
		if isHex && new(big.Int).Mod(value, groupN).Sign() == 0 && err == nil {
			t.Fatalf("NewServer took %q, which is 0 modulo N", srpA)
		}
		if err != nil {
			if !errors.Is(err, srp.ErrPublicValue) {
				t.Fatalf("NewServer(%q) = %v, want ErrPublicValue", srpA, err)
			}
			return
		}
		if !isHex || len(srpA) > 1024 || value.Sign() <= 0 || value.Cmp(groupN) >= 0 {
			t.Fatalf("NewServer took %q, not a number in (0, N) of at most 1024 digits", srpA)
		}
		if _, err := base64.StdEncoding.DecodeString(server.Challenge(userID, secretBlock).SecretBlock); err != nil {
			t.Fatal(err)
		}
	})
}

func TestVerifierMatches(t *testing.T) {
	v, err := srp.NewVerifier("Pool1", "user-1", "Correct-Horse-9!", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		pool, user, password string
		want                 bool
	}{
		{"Pool1", "user-1", "Correct-Horse-9!", true},
		{"Pool1", "user-1", "Correct-Horse-9", false},
		{"Pool1", "user-2", "Correct-Horse-9!", false},
		{"Pool2", "user-1", "Correct-Horse-9!", false},
	} {
		if got := v.Matches(c.pool, c.user, c.password); got != c.want {
			t.Errorf("Matches(%q, %q, %q) = %v, want %v", c.pool, c.user, c.password, got, c.want)
		}
	}
	if (srp.Verifier{Salt: "zz", V: v.V}).Matches("Pool1", "user-1", "Correct-Horse-9!") {
		t.Error("a malformed verifier matched")
	}
}
