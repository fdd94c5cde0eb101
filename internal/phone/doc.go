// Package phone validates E.164 phone numbers, masks them for display and
// logs, and tells which country calling code a number is under.
//
// CountryCode reads a number's ITU-T E.164 country calling code from a table
// of the codes the ITU has assigned: +1 (the North American Numbering Plan),
// +7, and codes of two or three digits. The codes are prefix-free, so reading
// a number digit by digit meets at most one of them. A number under a spare
// code such as +999 has no country calling code: CountryCode reports false
// for it.
//
// AllowList holds the ALLOWED_COUNTRY_CODES setting, such as "+1,+44,+49":
// country calling codes, or longer prefixes inside one such as +1268 (Antigua
// and Barbuda, inside +1). Every entry starts with a whole assigned code, so
// an entry never admits a number of another country, and a number under a
// spare code matches none. The empty list allows every valid number.
package phone
