package model

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TagKey is the struct tag that declares modelling roles. Attribute names
// and encoding options stay in the `dynamodbav` tag.
const TagKey = "ddb"

// fieldRoles is what a `ddb` tag on an attribute field declares.
type fieldRoles struct {
	pk, sk     bool
	gsi        []gsiPosition
	lsi        []string
	lock, ttl  bool
	unique     string // constraint name; "" when not unique
	fold       bool
	hasDefault bool
	defaultRaw string
	template   string
	since      int // schema version that added the attribute; 0 if unset
	// timeFormat is the timeformat= option: "" (not given), "fixed" or
	// "rfc3339".
	timeFormat string
}

type gsiPosition struct {
	index string
	sort  bool // false: partition (pkN), true: sort (skN)
	pos   int  // 1-based
}

// tableOptions is what a `ddb` tag on the embedded Model declares.
type tableOptions struct {
	table    string
	typeName string
	version  int
	projects map[string]Projection
	untyped  untypedClaim
}

// splitTag splits a tag value at commas that are not inside parentheses,
// so INCLUDE(a,b) stays one option.
func splitTag(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth < 0 {
				return nil, fmt.Errorf("unbalanced ')' in %q", s)
			}
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unbalanced '(' in %q", s)
	}
	return append(out, s[start:]), nil
}

func parseFieldRoles(tag string) (fieldRoles, error) {
	var r fieldRoles
	opts, err := splitTag(tag)
	if err != nil {
		return r, err
	}
	for _, opt := range opts {
		opt = strings.TrimSpace(opt)
		key, val, hasVal := strings.Cut(opt, "=")
		switch key {
		case "":
			if opt == "" {
				return r, fmt.Errorf("empty option in %q", tag)
			}
			return r, fmt.Errorf("unknown option %q", opt)
		case "pk", "sk", "lock", "ttl", "fold":
			if hasVal {
				return r, fmt.Errorf("option %q takes no value", key)
			}
			switch key {
			case "pk":
				r.pk = true
			case "sk":
				r.sk = true
			case "lock":
				r.lock = true
			case "ttl":
				r.ttl = true
			case "fold":
				r.fold = true
			}
		case "gsi":
			index, role, ok := strings.Cut(val, ":")
			if !hasVal || !ok || index == "" {
				return r, fmt.Errorf("gsi wants gsi=Index:pkN or gsi=Index:skN, got %q", opt)
			}
			p, err := parsePosition(role)
			if err != nil {
				return r, fmt.Errorf("%s: %w", opt, err)
			}
			p.index = index
			r.gsi = append(r.gsi, p)
		case "lsi":
			if !hasVal || val == "" {
				return r, fmt.Errorf("lsi wants lsi=Index, got %q", opt)
			}
			r.lsi = append(r.lsi, val)
		case "unique":
			if r.unique != "" {
				return r, fmt.Errorf("unique given twice")
			}
			if hasVal {
				if val == "" {
					return r, fmt.Errorf("unique= needs a constraint name")
				}
				r.unique = val
			} else {
				r.unique = "\x00self" // named after the attribute once it is known
			}
		case "template":
			if !hasVal || val == "" {
				return r, fmt.Errorf("template wants template=PREFIX#{Field}")
			}
			r.template = val
		case "since":
			n, err := strconv.Atoi(val)
			if !hasVal || err != nil || n < 2 {
				return r, fmt.Errorf("since wants since=N, the schema version (2 or more) that added the attribute, got %q", opt)
			}
			r.since = n
		case "default":
			if !hasVal {
				return r, fmt.Errorf("default wants default=value")
			}
			r.hasDefault, r.defaultRaw = true, val
		case "timeformat":
			if r.timeFormat != "" {
				return r, fmt.Errorf("timeformat given twice")
			}
			if val != timeFormatFixed && val != timeFormatRFC3339 {
				return r, fmt.Errorf("timeformat wants timeformat=%s or timeformat=%s, got %q", timeFormatFixed, timeFormatRFC3339, opt)
			}
			r.timeFormat = val
		default:
			return r, fmt.Errorf("unknown option %q", opt)
		}
	}
	if r.fold && r.unique == "" {
		return r, fmt.Errorf("fold applies only to unique attributes")
	}
	return r, nil
}

func parsePosition(role string) (gsiPosition, error) {
	if len(role) != 3 || (role[:2] != "pk" && role[:2] != "sk") {
		return gsiPosition{}, fmt.Errorf("position must be pk1…pk4 or sk1…sk4, got %q", role)
	}
	n := int(role[2] - '0')
	if n < 1 || n > 4 {
		return gsiPosition{}, fmt.Errorf("position must be pk1…pk4 or sk1…sk4, got %q", role)
	}
	return gsiPosition{sort: role[:2] == "sk", pos: n}, nil
}

func parseTableOptions(tag string) (tableOptions, error) {
	o := tableOptions{version: 1}
	opts, err := splitTag(tag)
	if err != nil {
		return o, err
	}
	seen := map[string]bool{}
	for _, opt := range opts {
		opt = strings.TrimSpace(opt)
		key, val, hasVal := strings.Cut(opt, "=")
		if !hasVal || val == "" {
			return o, fmt.Errorf("option %q wants a value (table=, type=, version=, project=, untyped=)", opt)
		}
		if key != "project" {
			if seen[key] {
				return o, fmt.Errorf("option %q given twice", key)
			}
			seen[key] = true
		}
		switch key {
		case "table":
			o.table = val
		case "type":
			o.typeName = val
		case "version":
			v, err := strconv.Atoi(val)
			if err != nil || v < 1 {
				return o, fmt.Errorf("version must be a whole number ≥ 1, got %q", val)
			}
			o.version = v
		case "project":
			index, spec, ok := strings.Cut(val, ":")
			if !ok || index == "" {
				return o, fmt.Errorf("project wants project=Index:ALL|KEYS_ONLY|INCLUDE(a,b), got %q", opt)
			}
			p, err := parseProjection(spec)
			if err != nil {
				return o, fmt.Errorf("%s: %w", opt, err)
			}
			if o.projects == nil {
				o.projects = map[string]Projection{}
			}
			if _, dup := o.projects[index]; dup {
				return o, fmt.Errorf("projection for index %s given twice", index)
			}
			o.projects[index] = p
		case "untyped":
			c, err := parseUntyped(val)
			if err != nil {
				return o, fmt.Errorf("%s: %w", opt, err)
			}
			o.untyped = c
		default:
			return o, fmt.Errorf("unknown option %q", opt)
		}
	}
	return o, nil
}

func parseProjection(spec string) (Projection, error) {
	switch spec {
	case "ALL":
		return Projection{Type: types.ProjectionTypeAll}, nil
	case "KEYS_ONLY":
		return Projection{Type: types.ProjectionTypeKeysOnly}, nil
	}
	inner, ok := strings.CutPrefix(spec, "INCLUDE(")
	if !ok || !strings.HasSuffix(inner, ")") {
		return Projection{}, fmt.Errorf("projection must be ALL, KEYS_ONLY or INCLUDE(a,b), got %q", spec)
	}
	inner = strings.TrimSuffix(inner, ")")
	var attrs []string
	seen := map[string]bool{}
	for _, a := range strings.Split(inner, ",") {
		a = strings.TrimSpace(a)
		if a == "" {
			return Projection{}, fmt.Errorf("empty attribute name in %q", spec)
		}
		if seen[a] {
			return Projection{}, fmt.Errorf("attribute %q listed twice in %q", a, spec)
		}
		seen[a] = true
		attrs = append(attrs, a)
	}
	return Projection{Type: types.ProjectionTypeInclude, NonKeyAttributes: attrs}, nil
}
