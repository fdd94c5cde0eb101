package limits

import (
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cognito-passwordless/passwordless-go/internal/emailaddr"
)

func TestWindowStart(t *testing.T) {
	cases := []struct {
		unix, length, want int64
	}{
		{0, 900, 0},
		{899, 900, 0},
		{900, 900, 900},
		{1700000099, 900, 1699999200},
		{1700000100, 900, 1700000100},
		{-1, 900, -900},
		{-900, 900, -900},
		{-901, 900, -1800},
		{86399, 86400, 0},
	}
	for _, tc := range cases {
		if got := windowStart(time.Unix(tc.unix, 0), time.Duration(tc.length)*time.Second); got != tc.want {
			t.Errorf("windowStart(%d, %ds) = %d, want %d", tc.unix, tc.length, got, tc.want)
		}
	}
}

func TestCountryID(t *testing.T) {
	cases := map[string]string{
		"+1": "1", "+44": "44", "+880": "880", "+1 268": "1268", "1": "1", "+7": "7",
		"": unknownCountry, "+": unknownCountry, "+4a": unknownCountry, "++44": unknownCountry,
		"+12345678": unknownCountry, "+1234567": "1234567", "#": unknownCountry, "+٤٤": unknownCountry,
	}
	for in, want := range cases {
		if got := countryID(in); got != want {
			t.Errorf("countryID(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzKeys builds every kind of key from arbitrary input: each has the
// documented form, fits a DynamoDB partition key many times over, and is
// the same for every spelling of one number, one name or one mailbox (an
// address in any ASCII case, or its emailaddr.Mailbox).
func FuzzKeys(f *testing.F) {
	f.Add("+15555550123", "alice", "+1", int64(1700000000), int64(900))
	f.Add("", "", "", int64(0), int64(1))
	f.Add("+44 7700-900123", "ÀLICE", "+1 268", int64(-1), int64(86400))
	f.Add("#n#", "a#b#c", "+#", int64(math.MaxInt64/2), int64(366*86400))
	f.Add("+15555550123", "Victim+1@EXAMPLE.com", "+1", int64(1700000000), int64(900))
	f.Add("+15555550123", "v.ictim+x@GoogleMail.com", "+1", int64(1700000000), int64(900))
	f.Add("+15555550123", "x@k\u0130wi.com", "+1", int64(1700000000), int64(900))
	k := newKeyer([]byte("0123456789abcdef0123456789abcdef"))
	f.Fuzz(func(t *testing.T, number, name, country string, unix, seconds int64) {
		if seconds < 1 || seconds > int64(MaxLength/time.Second) || unix < -1<<40 || unix > 1<<40 {
			return
		}
		now := time.Unix(unix, 0)
		w := Window{Limit: 1, Length: time.Duration(seconds) * time.Second}
		start := windowStart(now, w.Length)
		if start > unix || unix >= start+seconds || start%seconds != 0 {
			t.Fatalf("windowStart(%d, %d) = %d", unix, seconds, start)
		}
		keys := []string{
			newCounter(KindNumber, k.numberID(number), w, now, 0).key,
			newCounter(KindLockout, k.nameID(name), w, now, 1).key,
			newCounter(KindCountry, countryID(country), w, now, 0).key,
			newCounter(KindPool, poolID, w, now, 0).key,
			newCounter(KindAddress, k.addressID(name), w, now, 0).key,
			newCounter(KindEmailPool, poolID, w, now, 0).key,
		}
		for _, key := range keys {
			fields := strings.Split(key, "#")
			if len(fields) != 4 || len(key) > 64 || fields[1] == "" {
				t.Fatalf("key %q: want 4 fields, at most 64 bytes", key)
			}
		}
		if k.numberID(number) != k.numberID(" "+strings.ReplaceAll(number, "", "-")) {
			t.Errorf("number %q: punctuation changes the id", number)
		}
		if k.nameID(name) != k.nameID(strings.ToLower(name)) {
			t.Errorf("name %q: case changes the id", name)
		}
		ascii := !strings.ContainsFunc(name, func(r rune) bool { return r >= utf8.RuneSelf })
		if ascii && k.addressID(name) != k.addressID(strings.ToUpper(name)) {
			t.Errorf("address %q: case changes the id", name)
		}
		if mailbox := emailaddr.Mailbox(name); emailaddr.Domain(name) != "" && k.addressID(name) != k.addressID(mailbox) {
			t.Errorf("address %q: its mailbox %q has another id", name, mailbox)
		}
		if k.numberID(number) == k.nameID(number) {
			t.Errorf("%q: the same id as a number and as a name", number)
		}
		if k.addressID(number) == k.numberID(number) || k.addressID(name) == k.nameID(name) {
			t.Errorf("%q or %q: the same id as an address and as a number or a name", number, name)
		}
	})
}
