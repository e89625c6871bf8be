package review

import (
	"fmt"
	"strings"
)

// String renders the report for a person: a summary line, then each
// finding with its reason and fix, then the silenced ones with the reason
// they were silenced, then silences that matched nothing.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "review: %s to act on, %d silenced", plural(len(r.Findings), "finding"), len(r.Silenced))
	if len(r.Unused) > 0 {
		fmt.Fprintf(&b, ", %s matching nothing", plural(len(r.Unused), "silence"))
	}
	b.WriteString("\n")
	for _, f := range r.Findings {
		fmt.Fprintf(&b, "\n%s %s\n  why: %s\n  fix: %s\n", f.Code, where(f), f.Reason, f.Fix)
	}
	if len(r.Silenced) > 0 {
		b.WriteString("\nsilenced:\n")
		for _, f := range r.Silenced {
			fmt.Fprintf(&b, "  %s %s: %s\n", f.Code, where(f), f.Silenced)
		}
	}
	if len(r.Unused) > 0 {
		b.WriteString("\nsilences matching no finding (remove them):\n")
		for _, u := range r.Unused {
			idx := ""
			if u.Index != "" {
				idx = ", index " + u.Index
			}
			fmt.Fprintf(&b, "  %s %s%s: %s\n", u.Code, u.Entity, idx, u.Reason)
		}
	}
	return b.String()
}

func where(f Finding) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (table %s)", f.Entity, f.Table)
	if f.Index != "" {
		b.WriteString(", index ")
		b.WriteString(f.Index)
	}
	if f.Attribute != "" {
		b.WriteString(", attribute ")
		b.WriteString(f.Attribute)
	}
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
