package phone

import (
	"errors"
	"fmt"
	"strings"
)

// assigned lists the country calling codes of the ITU-T E.164 Annex to ITU
// Operational Bulletin, "List of ITU-T Recommendation E.164 assigned country
// codes", with the assignments made since its last edition: +383 (Kosovo,
// 2016) and +997 (Kazakhstan, 2021). One line holds the codes that share a
// first digit, or a first two digits when those are followed by a third.
//
// A code is listed when the ITU has given it to a geographic area, a global
// service, a network, a group of countries or a trial, whether or not numbers
// are issued under it yet (+379 Vatican, +997 Kazakhstan): this table should
// not need an edit on the day such a code goes live. Spare codes are left out,
// and so are the codes reserved for nobody in particular: +875 to +877
// (maritime applications), +879 (national non-commercial purposes), +969 (a
// reservation under investigation) and +999 (a future global service).
//
// Only the assigned codes are written down; the spare ones (+210, +28x, +83x,
// +89x, +999, ...) are whatever is left, so the two cannot disagree.
const assigned = `
	1
	20 27
	211 212 213 216 218
	220 221 222 223 224 225 226 227 228 229
	230 231 232 233 234 235 236 237 238 239
	240 241 242 243 244 245 246 247 248 249
	250 251 252 253 254 255 256 257 258
	260 261 262 263 264 265 266 267 268 269
	290 291 297 298 299
	30 31 32 33 34 36 39
	350 351 352 353 354 355 356 357 358 359
	370 371 372 373 374 375 376 377 378 379
	380 381 382 383 385 386 387 388 389
	40 41 43 44 45 46 47 48 49
	420 421 423
	51 52 53 54 55 56 57 58
	500 501 502 503 504 505 506 507 508 509
	590 591 592 593 594 595 596 597 598 599
	60 61 62 63 64 65 66
	670 672 673 674 675 676 677 678 679
	680 681 682 683 685 686 687 688 689
	690 691 692
	7
	81 82 84 86
	800 808
	850 852 853 855 856
	870 878
	880 881 882 883 886 888
	90 91 92 93 94 95 98
	960 961 962 963 964 965 966 967 968
	970 971 972 973 974 975 976 977 979
	991 992 993 994 995 996 997 998
`

// codes holds the assigned codes without "+", and stems the digit strings
// that are shorter than some code and start it, such as "2" and "35": a
// stem tells an entry that is too short from one under a spare code.
var codes, stems = index(strings.Fields(assigned))

func index(list []string) (codes, stems map[string]bool) {
	codes = make(map[string]bool, len(list))
	stems = make(map[string]bool)
	for _, code := range list {
		codes[code] = true
		for n := 1; n < len(code); n++ {
			stems[code[:n]] = true
		}
	}
	return codes, stems
}

var (
	errShort = errors.New("is shorter than a country calling code")
	errSpare = errors.New("is not under an assigned country calling code")
)

// leadingCode returns the assigned code that digits start with. Codes are
// prefix-free, so the first one met while reading digits is the only one.
func leadingCode(digits string) (string, error) {
	for n := 1; n <= len(digits); n++ {
		head := digits[:n]
		if codes[head] {
			return head, nil
		}
		if !stems[head] {
			return "", errSpare
		}
	}
	return "", errShort
}

// CountryCode returns the ITU-T E.164 country calling code that a valid
// E.164 number starts with: "+44" for +447700900123, "+1" for any number of
// the North American Numbering Plan (+12684601234 in Antigua too), "+7" for
// Russia and Kazakhstan, "+880" for Bangladesh. It returns "" and false for
// a number that is not valid, and for one under a spare code such as
// +999: such a number belongs to no country, so no allow-list entry can
// match it, and a count kept per country has no country to put it under.
func CountryCode(number string) (string, bool) {
	if !Valid(number) {
		return "", false
	}
	code, err := leadingCode(number[1:])
	if err != nil {
		return "", false
	}
	return "+" + code, true
}

// maxDigits is E.164's limit on the digits of a whole number; a longer
// entry could match no valid number.
const maxDigits = 15

// AllowList is a list of number prefixes, each an assigned country calling
// code (+44) or a longer prefix inside one (+1268, Antigua and Barbuda in
// the North American Numbering Plan). The zero AllowList is empty and
// allows every valid number.
type AllowList struct {
	prefixes []string
}

// ParseAllowList parses a comma-separated list such as "+1,+44,+49", the
// form of the ALLOWED_COUNTRY_CODES setting. Spaces around and inside an
// entry are ignored, so "+1 268" is +1268; an entry given twice counts
// once. A blank s is the empty list, which allows every valid number.
//
// ParseAllowList refuses the whole list, naming the entry, if an entry is
// empty (as in "+1,,+44" or after a trailing comma), is not "+" and digits,
// is longer than an E.164 number, is shorter than a country calling code
// ("+2", "+35"), or is not under an assigned code ("+999", "+28"). A list
// guards what SMS cost, so a value that is probably mistyped stops the
// trigger at start rather than allowing more, or fewer, than was meant.
func ParseAllowList(s string) (AllowList, error) {
	if strings.TrimSpace(s) == "" {
		return AllowList{}, nil
	}
	var l AllowList
	for i, raw := range strings.Split(s, ",") {
		entry := strings.Join(strings.Fields(raw), "")
		if entry == "" {
			return AllowList{}, fmt.Errorf("entry %d is empty", i+1)
		}
		if err := checkEntry(entry); err != nil {
			return AllowList{}, fmt.Errorf("entry %q %w", strings.TrimSpace(raw), err)
		}
		if !l.has(entry) {
			l.prefixes = append(l.prefixes, entry)
		}
	}
	return l, nil
}

// checkEntry returns why entry cannot be a prefix, or nil; its error
// completes a sentence that starts with the entry.
func checkEntry(entry string) error {
	digits, ok := strings.CutPrefix(entry, "+")
	if !ok || digits == "" || strings.Trim(digits, "0123456789") != "" {
		return errors.New(`is not "+" followed by digits`)
	}
	if len(digits) > maxDigits {
		return fmt.Errorf("is longer than an E.164 number (%d digits)", maxDigits)
	}
	_, err := leadingCode(digits)
	return err
}

func (l AllowList) has(entry string) bool {
	for _, p := range l.prefixes {
		if p == entry {
			return true
		}
	}
	return false
}

// Allows reports whether number is a valid E.164 number that the list
// admits: one that starts with an entry, or any valid number when the list
// is empty. An entry never reaches past its own country: it starts with a
// whole assigned code, and no code is a prefix of another, so +1 admits
// +12025550123 because that is a +1 number, and a number under a spare code
// matches no entry.
func (l AllowList) Allows(number string) bool {
	if !Valid(number) {
		return false
	}
	if len(l.prefixes) == 0 {
		return true
	}
	for _, p := range l.prefixes {
		if strings.HasPrefix(number, p) {
			return true
		}
	}
	return false
}

// String returns the entries without spaces, joined by commas, as
// ParseAllowList reads them back; the empty list gives "".
func (l AllowList) String() string {
	return strings.Join(l.prefixes, ",")
}
