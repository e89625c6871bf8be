package keys

import (
	"sort"
	"testing"
	"time"
)

func TestTimeLayoutSortsInTimeOrder(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	times := []time.Time{
		base,
		base.Add(500 * time.Millisecond),
		base.Add(time.Nanosecond),
		base.Add(-time.Hour).In(time.FixedZone("east", 5*3600)),
		base.Add(time.Second),
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	strs := make([]string, len(times))
	for i, tm := range times {
		strs[i] = FormatTime(tm)
		back, err := time.Parse(time.RFC3339, strs[i])
		if err != nil || !back.Equal(tm) {
			t.Fatalf("time.Parse(%q) = %v, %v; want %v", strs[i], back, err, tm)
		}
	}
	sort.Strings(strs)
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := range times {
		if FormatTime(times[i]) != strs[i] {
			t.Fatalf("string order differs from time order at %d: %v", i, strs)
		}
	}
}
