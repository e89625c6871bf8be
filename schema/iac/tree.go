package iac

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// object is a JSON object or YAML mapping whose keys keep the order they
// were set in. Values are string, int64, bool, *object or []any.
type object struct {
	keys []string
	vals []any
}

func obj() *object { return &object{} }

// set appends a key; it returns o so calls chain.
func (o *object) set(k string, v any) *object {
	o.keys = append(o.keys, k)
	o.vals = append(o.vals, v)
	return o
}

// writeJSON renders v as indented JSON (two spaces), ending with a newline.
func writeJSON(v any) []byte {
	var b bytes.Buffer
	jsonValue(&b, v, 0)
	b.WriteByte('\n')
	return b.Bytes()
}

func jsonValue(b *bytes.Buffer, v any, depth int) {
	pad := func(d int) string { return strings.Repeat("  ", d) }
	switch v := v.(type) {
	case string:
		b.Write(quote(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case *object:
		if len(v.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range v.keys {
			b.WriteString(pad(depth + 1))
			b.Write(quote(k))
			b.WriteString(": ")
			jsonValue(b, v.vals[i], depth+1)
			if i < len(v.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad(depth) + "}")
	case []any:
		if len(v) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, e := range v {
			b.WriteString(pad(depth + 1))
			jsonValue(b, e, depth+1)
			if i < len(v)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(pad(depth) + "]")
	default:
		panic(fmt.Sprintf("iac: unexpected value %T", v))
	}
}

// quote writes a string as JSON does, which YAML also reads as a
// double-quoted scalar.
func quote(s string) []byte {
	b, _ := json.Marshal(s) // a string always marshals
	return b
}

// writeYAML renders v (an object) as a YAML block mapping.
func writeYAML(v *object) []byte {
	var b bytes.Buffer
	yamlObject(&b, v, 0)
	return b.Bytes()
}

func yamlObject(b *bytes.Buffer, o *object, indent int) {
	for i, k := range o.keys {
		if i > 0 || b.Len() == 0 || b.Bytes()[b.Len()-1] == '\n' {
			b.WriteString(strings.Repeat(" ", indent))
		}
		b.WriteString(yamlScalar(k))
		b.WriteByte(':')
		yamlValue(b, o.vals[i], indent)
	}
}

// yamlValue writes what follows "key:" or "-": a scalar on the same line,
// or a nested block on the next lines.
func yamlValue(b *bytes.Buffer, v any, indent int) {
	switch v := v.(type) {
	case *object:
		if len(v.keys) == 0 {
			b.WriteString(" {}\n")
			return
		}
		b.WriteByte('\n')
		yamlObject(b, v, indent+2)
	case []any:
		if len(v) == 0 {
			b.WriteString(" []\n")
			return
		}
		b.WriteByte('\n')
		for _, e := range v {
			b.WriteString(strings.Repeat(" ", indent+2) + "-")
			if o, ok := e.(*object); ok && len(o.keys) > 0 {
				// The mapping starts on the dash's line.
				b.WriteByte(' ')
				yamlObject(b, o, indent+4)
				continue
			}
			yamlValue(b, e, indent+2)
		}
	default:
		b.WriteByte(' ')
		b.WriteString(yamlScalar(v))
		b.WriteByte('\n')
	}
}

// plainSafe matches strings YAML reads back as the same string when
// written unquoted: no leading indicator or digit, no spaces, no ": " or
// " #" sequences.
var plainSafe = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_./:-]*$`)

// yamlReserved are plain scalars YAML 1.1 or 1.2 reads as booleans or null.
var yamlReserved = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true,
}

func yamlScalar(v any) string {
	switch v := v.(type) {
	case string:
		if plainSafe.MatchString(v) && !yamlReserved[strings.ToLower(v)] && !strings.HasSuffix(v, ":") {
			return v
		}
		return string(quote(v))
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		return strconv.FormatBool(v)
	}
	panic(fmt.Sprintf("iac: unexpected scalar %T", v))
}
