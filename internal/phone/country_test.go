package phone_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/cognito-passwordless/passwordless-go/internal/phone"
)

// countryCodeTests are numbers and the country calling code each starts
// with; "" means none: a malformed number, or one under a spare code.
var countryCodeTests = []struct {
	number, code string
}{
	// One digit: zone 1 (NANP, a whole plan under +1) and zone 7.
	{"+14155550123", "+1"},
	{"+12684601234", "+1"}, // Antigua and Barbuda, an area code inside +1
	{"+18095550123", "+1"}, // Dominican Republic, likewise
	{"+1234567", "+1"},
	{"+79161234567", "+7"}, // Russia
	{"+77012345678", "+7"}, // Kazakhstan
	// Two digits.
	{"+447700900123", "+44"},
	{"+442079460000", "+44"}, // London: +4420 is a UK number, not a code
	{"+4930123456", "+49"},
	{"+33612345678", "+33"},
	{"+27821234567", "+27"},
	{"+8613812345678", "+86"},
	{"+919812345678", "+91"},
	{"+5511987654321", "+55"},
	// Three digits, under a first two that are no code themselves.
	{"+8801712345678", "+880"}, // Bangladesh
	{"+358401234567", "+358"},  // Finland, not a +35 country
	{"+35312345678", "+353"},
	{"+2348012345678", "+234"},
	{"+211912345678", "+211"}, // South Sudan, 2011
	{"+38344123456", "+383"},  // Kosovo, 2016
	{"+886912345678", "+886"},
	{"+85212345678", "+852"},
	{"+97150123456", "+971"},
	{"+99890123456", "+998"},
	{"+420601123456", "+420"},
	{"+59171234567", "+591"},
	{"+6721234567", "+672"},
	// Assigned but not yet in use: listed all the same.
	{"+99712345678", "+997"},
	{"+37912345678", "+379"},
	// Global services and networks.
	{"+80012345678", "+800"},
	{"+87012345678", "+870"},
	{"+88216123456", "+882"},
	{"+979123456789", "+979"},
	// Spare, or reserved for nobody yet: no country.
	{"+99912345678", ""},
	{"+99012345678", ""},
	{"+21012345678", ""},
	{"+25912345678", ""},
	{"+28012345678", ""},
	{"+38412345678", ""},
	{"+42212345678", ""},
	{"+67112345678", ""},
	{"+69312345678", ""},
	{"+80112345678", ""},
	{"+83012345678", ""},
	{"+87512345678", ""},
	{"+87912345678", ""},
	{"+89912345678", ""},
	{"+96912345678", ""},
	{"+97812345678", ""},
	// Malformed.
	{"", ""},
	{"+", ""},
	{"+1", ""},
	{"+123456", ""},           // too short
	{"+1234567890123456", ""}, // 16 digits
	{"14155550123", ""},
	{"+1 268 460 1234", ""},
	{"+1-415-555-0123", ""},
	{"+04412345678", ""},
	{"＋447700900123", ""},
	{"+447700900123\n", ""},
}

func TestCountryCode(t *testing.T) {
	for _, tt := range countryCodeTests {
		code, ok := phone.CountryCode(tt.number)
		if code != tt.code || ok != (tt.code != "") {
			t.Errorf("CountryCode(%q) = %q, %v, want %q, %v", tt.number, code, ok, tt.code, tt.code != "")
		}
	}
}

// TestAssignedTable checks the table as a whole: codes of 1 to 3 digits,
// none a prefix of another, the zones' one- and two-digit codes as
// assigned.
func TestAssignedTable(t *testing.T) {
	codes := phone.AssignedCodes()
	byLength := map[int][]string{}
	for i, c := range codes {
		if !regexp.MustCompile(`^[1-9][0-9]{0,2}$`).MatchString(c) {
			t.Errorf("code %q is not 1 to 3 digits", c)
		}
		byLength[len(c)] = append(byLength[len(c)], c)
		for _, other := range codes[i+1:] {
			if strings.HasPrefix(c, other) || strings.HasPrefix(other, c) {
				t.Errorf("codes %q and %q: one is a prefix of the other", c, other)
			}
		}
	}
	if want := []string{"1", "7"}; !slices.Equal(byLength[1], want) {
		t.Errorf("one-digit codes = %v, want %v", byLength[1], want)
	}
	twoDigit := strings.Fields("20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49" +
		" 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98")
	if got := slices.Sorted(slices.Values(byLength[2])); !slices.Equal(got, twoDigit) {
		t.Errorf("two-digit codes = %v, want %v", got, twoDigit)
	}
	// The two-digit starts that go on to a third digit, and those that
	// start no code at all: each of the 100 is a code, splits or is spare.
	splits := strings.Fields("21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 80 85 87 88 96 97 99")
	var gotSplits, spare []string
	for n := 10; n < 100; n++ {
		start := strconv.Itoa(n)
		switch {
		case slices.Contains(codes, start[:1]) || slices.Contains(codes, start):
		case slices.ContainsFunc(byLength[3], func(c string) bool { return c[:2] == start }):
			gotSplits = append(gotSplits, start)
		default:
			spare = append(spare, start)
		}
	}
	if !slices.Equal(gotSplits, splits) {
		t.Errorf("two-digit starts of three-digit codes = %v, want %v", gotSplits, splits)
	}
	if want := []string{"28", "83", "89"}; !slices.Equal(spare, want) {
		t.Errorf("two-digit starts of no code = %v, want %v", spare, want)
	}
	// The count changes only with the table, on purpose.
	if n := len(byLength[3]); n != 173 {
		t.Errorf("%d three-digit codes, want 173", n)
	}
}

func TestParseAllowList(t *testing.T) {
	tests := []struct {
		in   string
		want string // String() of the list
	}{
		{"", ""},
		{" \t ", ""},
		{"+1,+44,+49", "+1,+44,+49"},
		{" +1 , +44 ,\t+49 ", "+1,+44,+49"},
		{"+1 268", "+1268"}, // Antigua and Barbuda, inside +1
		{"+12", "+12"},      // area codes 2xx of +1
		{"+7", "+7"},
		{"+77", "+77"}, // Kazakhstan's mobiles, inside +7
		{"+880", "+880"},
		{"+358", "+358"},
		{"+3584", "+3584"},
		{"+4420", "+4420"},
		{"+44,+44, +4 4", "+44"}, // the same entry three times
		{"+1,+1268", "+1,+1268"},
		{"+997,+379,+800", "+997,+379,+800"},
		{"+123456789012345", "+123456789012345"}, // 15 digits
	}
	for _, tt := range tests {
		l, err := phone.ParseAllowList(tt.in)
		if err != nil {
			t.Errorf("ParseAllowList(%q): %v", tt.in, err)
			continue
		}
		if got := l.String(); got != tt.want {
			t.Errorf("ParseAllowList(%q) = %q, want %q", tt.in, got, tt.want)
		}
		again, err := phone.ParseAllowList(l.String())
		if err != nil || again.String() != l.String() {
			t.Errorf("ParseAllowList(%q) = %q, %v: does not read its own String back", l.String(), again, err)
		}
	}
}

func TestParseAllowListRefuses(t *testing.T) {
	tests := []struct {
		in   string
		want string // the error names the entry and says why
	}{
		{"+1,,+44", "entry 2 is empty"},
		{"+1,+44,", "entry 3 is empty"},
		{",", "entry 1 is empty"},
		{"+1, ,+44", "entry 2 is empty"},
		{"+2", `entry "+2" is shorter than a country calling code`},
		{"+8", `entry "+8" is shorter than a country calling code`},
		{"+4", `entry "+4" is shorter than a country calling code`},
		{"+35", `entry "+35" is shorter than a country calling code`},
		{"+1,+21", `entry "+21" is shorter than a country calling code`},
		{"+999", `entry "+999" is not under an assigned country calling code`},
		{"+9991", `entry "+9991" is not under an assigned country calling code`},
		{"+28", `entry "+28" is not under an assigned country calling code`},
		{"+210", `entry "+210" is not under an assigned country calling code`},
		{"+0", `entry "+0" is not under an assigned country calling code`},
		{"+044", `entry "+044" is not under an assigned country calling code`},
		{"44", `entry "44" is not "+" followed by digits`},
		{"+", `entry "+" is not "+" followed by digits`},
		{"++44", `entry "++44" is not "+" followed by digits`},
		{"+44a", `entry "+44a" is not "+" followed by digits`},
		{"+1+44", `entry "+1+44" is not "+" followed by digits`},
		{"+1-268", `entry "+1-268" is not "+" followed by digits`},
		{"+1;+44", `entry "+1;+44" is not "+" followed by digits`},
		{"＋44", `entry "＋44" is not "+" followed by digits`},
		{"+1234567890123456", `entry "+1234567890123456" is longer than an E.164 number (15 digits)`},
	}
	for _, tt := range tests {
		l, err := phone.ParseAllowList(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseAllowList(%q) error = %v, want %q", tt.in, err, tt.want)
		}
		if l.String() != "" {
			t.Errorf("ParseAllowList(%q) = %q with an error, want the empty list", tt.in, l)
		}
	}
}

func TestAllows(t *testing.T) {
	tests := []struct {
		list, number string
		want         bool
	}{
		// The empty list is the check turned off: every valid number.
		{"", "+14155550123", true},
		{"", "+99912345678", true},
		{"", "not a number", false},
		{"", "+1 415 555 0123", false},
		{"+1", "+14155550123", true},
		{"+1", "+12684601234", true},
		{"+1", "+447700900123", false},
		{"+1", "+1 415 555 0123", false},
		{"+1", "", false},
		{"+1268", "+12684601234", true},
		{"+1 268", "+12684601234", true},
		{"+1268", "+14155550123", false},
		{"+12", "+12025550123", true},
		{"+12", "+13105550123", false},
		{"+44", "+447700900123", true},
		{"+44", "+442079460000", true},
		{"+44", "+4930123456", false},
		{"+7", "+79161234567", true},
		{"+7", "+77012345678", true},
		{"+77", "+79161234567", false},
		{"+880", "+8801712345678", true},
		{"+880", "+8861234567", false},
		{"+358", "+358401234567", true},
		{"+358", "+35312345678", false},
		{"+1,+44,+49", "+4930123456", true},
		{"+1,+44,+49", "+33612345678", false},
		{"+1,+44,+49", "+99912345678", false},
		{"+997", "+99712345678", true},
		{"+997", "+99912345678", false},
	}
	for _, tt := range tests {
		l, err := phone.ParseAllowList(tt.list)
		if err != nil {
			t.Fatalf("ParseAllowList(%q): %v", tt.list, err)
		}
		if got := l.Allows(tt.number); got != tt.want {
			t.Errorf("ParseAllowList(%q).Allows(%q) = %v, want %v", tt.list, tt.number, got, tt.want)
		}
	}
}

func TestZeroAllowListAllowsAll(t *testing.T) {
	var l phone.AllowList
	if !l.Allows("+99912345678") || l.Allows("+1") || l.String() != "" {
		t.Errorf("zero AllowList: Allows(+99912345678) = %v, Allows(+1) = %v, String() = %q; want true, false, \"\"",
			l.Allows("+99912345678"), l.Allows("+1"), l)
	}
}

// matching returns the table's codes that digits start with.
func matching(codes []string, digits string) []string {
	var found []string
	for _, c := range codes {
		if strings.HasPrefix(digits, c) {
			found = append(found, c)
		}
	}
	return found
}

var codeShape = regexp.MustCompile(`^\+[1-9][0-9]{0,2}$`)

// FuzzCountryCode checks CountryCode against a plain search through the
// table: whatever the input, a code comes back only for a valid number,
// is a prefix of it, has 1 to 3 digits, and is the one code of the table
// that the number starts with.
func FuzzCountryCode(f *testing.F) {
	for _, tt := range countryCodeTests {
		f.Add(tt.number)
	}
	codes := phone.AssignedCodes()
	f.Fuzz(func(t *testing.T, number string) {
		code, ok := phone.CountryCode(number)
		if !ok {
			if code != "" {
				t.Fatalf("CountryCode(%q) = %q, false: want \"\" with false", number, code)
			}
			if phone.Valid(number) {
				if found := matching(codes, number[1:]); len(found) > 0 {
					t.Fatalf("CountryCode(%q) = false, but it starts with codes %v", number, found)
				}
			}
			return
		}
		if !phone.Valid(number) {
			t.Fatalf("CountryCode(%q) = %q for a number that is not valid", number, code)
		}
		if !strings.HasPrefix(number, code) || !codeShape.MatchString(code) {
			t.Fatalf("CountryCode(%q) = %q: not a prefix of 1 to 3 digits", number, code)
		}
		if found := matching(codes, number[1:]); len(found) != 1 || "+"+found[0] != code {
			t.Fatalf("CountryCode(%q) = %q, but the table's codes that start it are %v", number, code, found)
		}
		if found := matching(codes, code[1:]); len(found) != 1 {
			t.Fatalf("CountryCode(%q) = %q, which starts with codes %v", number, code, found)
		}
	})
}

// FuzzAllowList checks that a list that parses reads its String back,
// that each entry starts with exactly one code, and that a number it
// allows is under the same code as the entry that allowed it.
func FuzzAllowList(f *testing.F) {
	f.Add("+1,+44,+49", "+447700900123")
	f.Add("+1 268", "+12684601234")
	f.Add("+7", "+77012345678")
	f.Add("+358", "+35312345678")
	f.Add("", "+99912345678")
	f.Add("+1,,+44", "+14155550123")
	codes := phone.AssignedCodes()
	f.Fuzz(func(t *testing.T, list, number string) {
		l, err := phone.ParseAllowList(list)
		if err != nil {
			if l.String() != "" {
				t.Fatalf("ParseAllowList(%q) = %q with error %v", list, l, err)
			}
			return
		}
		again, err := phone.ParseAllowList(l.String())
		if err != nil || again.String() != l.String() {
			t.Fatalf("ParseAllowList(%q) = %q, %v: does not read back %q", l.String(), again, err, l)
		}
		var entries []string
		if l.String() != "" {
			entries = strings.Split(l.String(), ",")
		}
		for _, e := range entries {
			if found := matching(codes, strings.TrimPrefix(e, "+")); len(found) != 1 {
				t.Fatalf("entry %q of %q starts with codes %v, want one", e, list, found)
			}
		}
		if !l.Allows(number) {
			return
		}
		if !phone.Valid(number) {
			t.Fatalf("%q allows %q, which is not valid", l, number)
		}
		if len(entries) == 0 {
			return
		}
		code, ok := phone.CountryCode(number)
		if !ok {
			t.Fatalf("%q allows %q, which has no country calling code", l, number)
		}
		for _, e := range entries {
			if strings.HasPrefix(number, e) && strings.HasPrefix(e, code) {
				return
			}
		}
		t.Fatalf("%q allows %q (code %s), but no entry both starts it and covers its code", l, number, code)
	})
}
