package model

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// avTag holds the options of a `dynamodbav` struct tag. They mean what they
// mean to attributevalue, so structs written for it keep working.
type avTag struct {
	name     string
	ignore   bool
	fromTag  bool // the attribute name came from the tag, not the field name
	opts     avOpts
	rawValid error
}

// avOpts are the encoding options that travel with a value.
type avOpts struct {
	omitEmpty     bool
	omitEmptyElem bool
	nullEmpty     bool
	nullEmptyElem bool
	asString      bool
	strSet        bool
	numSet        bool
	binSet        bool
	unixTime      bool
	// keyTime stores a time.Time in keys.TimeLayout: set for time fields
	// that are key attributes, whose string order must be time order.
	keyTime bool
}

// elem returns the options applied to the elements of a list, set or map,
// exactly as attributevalue passes them down.
func (o avOpts) elem() avOpts {
	return avOpts{omitEmpty: o.omitEmptyElem, omitEmptyElem: o.omitEmptyElem, nullEmpty: o.nullEmptyElem}
}

func (o avOpts) neutral() bool {
	return !o.asString && !o.strSet && !o.numSet && !o.binSet && !o.unixTime && !o.keyTime && !o.omitEmptyElem && !o.nullEmptyElem
}

// parseAVTag reads a `dynamodbav` tag strictly: unknown options are errors,
// where attributevalue would ignore them silently.
func parseAVTag(sf reflect.StructField) avTag {
	raw, ok := sf.Tag.Lookup("dynamodbav")
	t := avTag{}
	if !ok {
		return t
	}
	parts := strings.Split(raw, ",")
	if parts[0] == "-" {
		t.ignore = true
		return t
	}
	if parts[0] != "" {
		t.name, t.fromTag = parts[0], true
	}
	for _, opt := range parts[1:] {
		switch opt {
		case "omitempty":
			t.opts.omitEmpty = true
		case "omitemptyelem":
			t.opts.omitEmptyElem = true
		case "nullempty":
			t.opts.nullEmpty = true
		case "nullemptyelem":
			t.opts.nullEmptyElem = true
		case "string":
			t.opts.asString = true
		case "stringset":
			t.opts.strSet = true
		case "numberset":
			t.opts.numSet = true
		case "binaryset":
			t.opts.binSet = true
		case "unixtime":
			t.opts.unixTime = true
		case "":
		default:
			t.rawValid = fmt.Errorf("unknown dynamodbav option %q", opt)
		}
	}
	return t
}

// structField is one attribute of a struct type after embedded structs have
// been flattened and name conflicts resolved.
type structField struct {
	name    string // attribute name
	goName  string // Go field name (of the innermost field)
	index   []int  // path through embedded structs
	typ     reflect.Type
	field   reflect.StructField
	tag     avTag
	viaPtr  bool // the path crosses an embedded pointer
	depth   int
	tagName bool
	// hidden: an embedded field of an unexported type that is not a
	// struct. attributevalue sees it as a field but cannot read it
	// through reflection (it panics); the codec refuses it.
	hidden bool
}

// structFields lists the attributes of struct type t the way attributevalue
// sees them: exported fields, embedded structs flattened breadth first, a
// shallower field hiding a deeper one of the same name, and two fields of the
// same name at the same depth hiding each other unless exactly one of them
// is named by a tag.
func structFields(t reflect.Type) []structField {
	type pending struct {
		typ    reflect.Type
		index  []int
		viaPtr bool
	}
	var all []structField
	level := []pending{{typ: t}}
	visited := map[reflect.Type]bool{}
	for depth := 0; len(level) > 0; depth++ {
		var next []pending
		// A struct type embedded more than once at one depth contributes
		// its fields twice, so they cancel out as ambiguous.
		seenAtLevel := map[reflect.Type]int{}
		for _, p := range level {
			seenAtLevel[p.typ]++
		}
		for _, p := range level {
			if visited[p.typ] {
				continue
			}
			visited[p.typ] = true
			for i := 0; i < p.typ.NumField(); i++ {
				sf := p.typ.Field(i)
				if !sf.IsExported() && !sf.Anonymous {
					continue
				}
				tag := parseAVTag(sf)
				if tag.ignore {
					continue
				}
				ft := sf.Type
				viaPtr := p.viaPtr
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
					if sf.Anonymous {
						viaPtr = true
					}
				}
				index := append(append([]int(nil), p.index...), i)
				if sf.Anonymous && tag.name == "" && ft.Kind() == reflect.Struct {
					next = append(next, pending{typ: ft, index: index, viaPtr: viaPtr})
					continue
				}
				name := sf.Name
				if tag.fromTag {
					name = tag.name
				}
				f := structField{name: name, goName: sf.Name, index: index, typ: sf.Type, field: sf, tag: tag, viaPtr: p.viaPtr, depth: depth, tagName: tag.fromTag,
					hidden: sf.Anonymous && !sf.IsExported()}
				all = append(all, f)
				if seenAtLevel[p.typ] > 1 {
					all = append(all, f)
				}
			}
		}
		level = next
	}

	sort.SliceStable(all, func(i, j int) bool {
		if all[i].name != all[j].name {
			return all[i].name < all[j].name
		}
		if all[i].depth != all[j].depth {
			return all[i].depth < all[j].depth
		}
		return all[i].tagName && !all[j].tagName
	})
	var out []structField
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		if f, ok := dominant(all[i:j]); ok {
			out = append(out, f)
		}
		i = j
	}
	sort.Slice(out, func(i, j int) bool { return lessIndex(out[i].index, out[j].index) })
	return out
}

func dominant(fs []structField) (structField, bool) {
	if len(fs) == 1 {
		return fs[0], true
	}
	depth := fs[0].depth
	tagged := -1
	n := 0
	for i, f := range fs {
		if f.depth > depth {
			break
		}
		n++
		if f.tagName {
			if tagged >= 0 {
				return structField{}, false
			}
			tagged = i
		}
	}
	if tagged >= 0 {
		return fs[tagged], true
	}
	if n > 1 {
		return structField{}, false
	}
	return fs[0], true
}

func lessIndex(a, b []int) bool {
	for k := 0; k < len(a) && k < len(b); k++ {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return len(a) < len(b)
}
