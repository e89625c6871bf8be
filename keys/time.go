package keys

import "time"

// TimeLayout is how time.Time values that belong to a key are stored: UTC,
// fixed width, nine fractional digits. attributevalue's default
// (time.RFC3339Nano) trims trailing zeros and keeps the zone offset, so its
// strings do not sort in time order; these do, byte for byte, for years
// 0000–9999. time.Parse with time.RFC3339 reads them back.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime renders t in TimeLayout: the text a time.Time key attribute
// holds, for a key or a begins_with prefix written by hand.
func FormatTime(t time.Time) string {
	return t.UTC().Format(TimeLayout)
}
