package srp

import (
	"fmt"
	"time"
)

// timestampLayout is identity-js's DateHelper.getNowString, "ddd MMM D
// HH:mm:ss UTC YYYY", in Go's notation: English names, the day without a
// leading zero, the time with them, always UTC.
const timestampLayout = "Mon Jan 2 15:04:05 UTC 2006"

// maxTimestamp bounds what ParseTimestamp reads; a well-formed one has at
// most 28 characters.
const maxTimestamp = 64

// FormatTimestamp returns t as a TIMESTAMP, in UTC: "Tue Sep 3 01:22:31
// UTC 2024". The day of the month has no leading zero; clients that wrote
// one (warrant's "Tue Sep 03 …") were refused by Cognito on the first nine
// days of every month.
func FormatTimestamp(t time.Time) string {
	return t.UTC().Format(timestampLayout)
}

// ParseTimestamp reads a TIMESTAMP, as Cognito parses one with
// "EEE MMM d HH:mm:ss z yyyy" in English with z = UTC. Like Java's
// parser it takes a few spellings FormatTimestamp never writes, such as a
// zero-padded day, and ignores the day of the week; Server.Verify refuses
// those spellings as a wrong signature, as Cognito does. Any other zone
// than UTC is refused.
func ParseTimestamp(s string) (time.Time, error) {
	if len(s) > maxTimestamp {
		return time.Time{}, fmt.Errorf("%w: %d characters", ErrTimestamp, len(s))
	}
	t, err := time.Parse(timestampLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q", ErrTimestamp, s)
	}
	return t, nil
}
