package model

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/itemsize"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/keys"
)

// MaxItemBytes is DynamoDB's item size limit (400 KB).
const MaxItemBytes = 400 * 1024

// EncodeItem validates item and encodes it as DynamoDB stores it: the
// attributes (zero fields with a default= get their default, on a copy),
// the schema version and (when the model declares type=) the entity type. Key attributes are checked: the primary key must be
// complete, and index key attributes that are present must have the
// declared type and be non-empty. An item over DynamoDB's size limit is a
// *SizeError. table only labels errors.
func (m *Meta) EncodeItem(table string, item any) (map[string]types.AttributeValue, error) {
	v, err := m.structValue(item)
	if err != nil {
		return nil, err
	}
	if len(m.defaults) > 0 {
		v = m.fillDefaults(v)
		item = v.Addr().Interface()
	}
	if err := m.validateWrite(table, item); err != nil {
		return nil, err
	}
	out, err := m.encodeChecked(table, v)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkSize(table, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (m *Meta) structValue(item any) (reflect.Value, error) {
	v := reflect.ValueOf(item)
	if v.Kind() == reflect.Pointer && v.IsNil() && v.Type().Elem() == m.goType {
		return reflect.Value{}, InvalidArgument("", "needs a non-nil *%s, got nil", m.goType)
	}
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Type() != m.goType {
		return reflect.Value{}, InvalidArgument("", "needs a non-nil *%s, got %T", m.goType, item)
	}
	return v.Elem(), nil
}

// encodeChecked encodes an already validated item with its metadata and
// checks its keys. The caller checks its size once the item is final.
func (m *Meta) encodeChecked(table string, v reflect.Value) (map[string]types.AttributeValue, error) {
	out, err := m.encodeFields(table, v, 2)
	if err != nil {
		return nil, err
	}
	// Fresh values for every item: a caller may edit the map it gets.
	out[VersionAttribute] = &types.AttributeValueMemberN{Value: strconv.Itoa(m.version)}
	if m.stamp {
		out[TypeAttribute] = &types.AttributeValueMemberS{Value: m.typeName}
	}
	if err := m.checkKeys(table, out); err != nil {
		return nil, err
	}
	if err := checkNumbers(table, out); err != nil {
		return nil, err
	}
	return out, nil
}

// checkSize measures the item by DynamoDB's rules and refuses it, with a
// *SizeError, when it is over the item size limit.
func (m *Meta) checkSize(table string, item map[string]types.AttributeValue) (int, error) {
	size := itemsize.Item(item)
	if size > MaxItemBytes {
		return size, &SizeError{Table: table, Key: m.keyString(item), Size: size, Limit: MaxItemBytes}
	}
	return size, nil
}

// encodeFields encodes the struct's attributes into a map with room for
// extra more: what the entity type's own Marshaler returns when it has
// one, else every field; then the key templates.
func (m *Meta) encodeFields(table string, v reflect.Value, extra int) (map[string]types.AttributeValue, error) {
	out, whole, err := marshalWhole(m.marshal, v)
	if err != nil {
		return nil, encodeError(table, "", err)
	}
	if !whole {
		// The entity's fields are encoded as any struct's are; the plan
		// names the failing field in its error.
		plan := encPlan{fields: m.enc}
		if out, err = plan.encode(newEncState(), v, extra); err != nil {
			path, leaf := splitFieldError("", err)
			return nil, encodeError(table, path, leaf)
		}
	}
	for _, tp := range m.templates {
		s, err := tp.render(v)
		if err != nil {
			return nil, &errs.InputError{Table: table, Attribute: tp.Attribute, Rule: RuleTemplate, Err: err}
		}
		out[tp.Attribute] = &types.AttributeValueMemberS{Value: s}
	}
	return out, nil
}

// marshalWhole asks the Marshaler implemented by the entity type itself
// for the whole item, as attributevalue.MarshalMap does (v is addressable,
// so pointer-receiver methods count). whole is false when the type has
// none, or it returned nothing and the fields decide. Where MarshalMap
// turns a value that is not a map into an empty item, this is an error.
func marshalWhole(marshal func(reflect.Value) attributevalue.Marshaler, v reflect.Value) (item map[string]types.AttributeValue, whole bool, err error) {
	if marshal == nil {
		return nil, false, nil
	}
	mv := marshal(v)
	if mv == nil {
		return nil, false, nil
	}
	av, err := mv.MarshalDynamoDBAttributeValue()
	if err != nil {
		return nil, true, err
	}
	if av == nil {
		return nil, false, nil
	}
	mm, ok := av.(*types.AttributeValueMemberM)
	if !ok {
		return nil, true, marshalErr("the item's MarshalDynamoDBAttributeValue returned %s, not a map", describeAV(av))
	}
	// The caller adds metadata to the item: it must not write into the
	// marshaler's own map.
	out := make(map[string]types.AttributeValue, len(mm.Value)+2)
	maps.Copy(out, mm.Value)
	return out, true, nil
}

func (m *Meta) checkKeys(table string, item map[string]types.AttributeValue) error {
	for i, a := range keyrules.All(m.primary) {
		v, ok := item[a.Name]
		if !ok {
			return keyError(table, a.Name, &errs.InputError{Attribute: a.Name, Rule: keys.RuleKeyValueTypeMismatch, Detail: "missing"})
		}
		if err := keyrules.CheckValue(a, i > 0, v); err != nil {
			return keyError(table, a.Name, err)
		}
	}
	for _, ix := range m.indexes {
		for i, a := range keyrules.All(ix.Schema) {
			v, ok := item[a.Name]
			if !ok {
				continue // absent: the item is simply not in the index
			}
			if err := keyrules.CheckValue(a, i >= len(ix.Schema.Partition), v); err != nil {
				err.Index = ix.Name
				return keyError(table, a.Name, err)
			}
		}
	}
	return nil
}

// KeyOf returns the primary key of an encoded item.
func (m *Meta) KeyOf(item map[string]types.AttributeValue) map[string]types.AttributeValue {
	key := make(map[string]types.AttributeValue, 2)
	for _, a := range keyrules.All(m.primary) {
		if v, ok := item[a.Name]; ok {
			key[a.Name] = v
		}
	}
	return key
}

func (m *Meta) keyString(item map[string]types.AttributeValue) string {
	return formatKey(m.KeyOf(item))
}

// DecodeItem turns a stored item into out (a *T): it checks the entity type,
// upgrades the item from its stored schema version through the declared
// steps, decodes it, fills defaults for missing attributes and validates the
// result. projected, when not nil, lists the attributes that were read; only
// those are defaulted and validated. The caller's map is not modified.
func (m *Meta) DecodeItem(table string, raw map[string]types.AttributeValue, out any, projected []string) error {
	return m.Decode(table, raw, out, DecodeOptions{Projected: projected})
}

// DecodeOptions qualifies a read for Decode.
type DecodeOptions struct {
	// Projected lists the attributes that were read; nil means the whole
	// item. Only projected attributes are defaulted and validated.
	Projected []string
	// NoMetadata says the read could not include the library's metadata
	// attributes (a KEYS_ONLY index): the stored schema version and entity
	// type are unknown, so no upgrade step runs and the type is not
	// checked. Only what was read is validated.
	NoMetadata bool
}

// Decode is DecodeItem with options.
func (m *Meta) Decode(table string, raw map[string]types.AttributeValue, out any, opts DecodeOptions) error {
	v, err := m.structValue(out)
	if err != nil {
		return err
	}
	if err := m.decodeValue(table, raw, v, opts); err != nil {
		return err
	}
	return m.validateRead(table, raw, out, opts.Projected)
}

func (m *Meta) decodeValue(table string, raw map[string]types.AttributeValue, v reflect.Value, opts DecodeOptions) error {
	fail := func(attr string, err error) error {
		return &DecodeError{Table: table, Key: m.keyString(raw), Attribute: attr, Err: err}
	}
	projected := opts.Projected
	if opts.NoMetadata {
		return m.decodeFields(raw, v, m.projectedSet(projected), fail)
	}
	if m.stamp {
		if err := m.checkType(raw); err != nil {
			return fail(TypeAttribute, err)
		}
	}
	upgraded, _, attr, err := m.upgradeSteps(raw)
	if err != nil {
		return fail(attr, err)
	}
	return m.decodeFields(upgraded, v, m.projectedSet(projected), fail)
}

func (m *Meta) decodeFields(raw map[string]types.AttributeValue, v reflect.Value, want map[string]bool, fail func(string, error) error) error {
	if err := m.decodeAttributes(raw, v, want, true); err != nil {
		return fail(splitFieldError("", err))
	}
	for _, tp := range m.templates {
		if err := tp.fill(raw, v); err != nil {
			return fail(tp.Attribute, err)
		}
	}
	return nil
}

// hasInexactNames reports whether raw holds an attribute that is neither a
// field's exact name nor the library's metadata: only then can the
// case-insensitive fallback find anything (no field's name folds onto the
// metadata attributes; Register refuses such names). Most items are
// written by the model and match exactly, and this costs a lookup per
// field where the fallback walks the whole item.
func (m *Meta) hasInexactNames(raw map[string]types.AttributeValue) bool {
	n := 0
	for i := range m.dec {
		if _, ok := raw[m.dec[i].name]; ok {
			n++
		}
	}
	for _, meta := range [...]string{VersionAttribute, TypeAttribute} {
		if _, ok := raw[meta]; ok {
			n++
		}
	}
	return n < len(raw)
}

// decodeAttributes decodes raw into v, which it first sets to the zero
// value: the result depends on the item alone, never on what v held (see
// the README, "Decoding"). An entity type that implements
// attributevalue.Unmarshaler decodes itself, as UnmarshalMap lets it; else
// every field whose attribute is present, matched by name exactly or, as
// attributevalue does, case-insensitively. With defaults, a field whose
// attribute is absent gets the field's default (when want allows it).
func (m *Meta) decodeAttributes(raw map[string]types.AttributeValue, v reflect.Value, want map[string]bool, defaults bool) error {
	v.SetZero()
	var fold map[int]types.AttributeValue
	if m.hasInexactNames(raw) {
		fold = foldFallback(m.dec, m.attrIndex, raw)
	}
	lookup := func(i int) (types.AttributeValue, bool) {
		if av, ok := raw[m.dec[i].name]; ok {
			return av, true
		}
		av, ok := fold[i]
		return av, ok
	}
	useDefault := func(i int) types.AttributeValue {
		def := m.attrs[i].Default
		if !defaults || def == nil || (want != nil && !want[m.dec[i].name]) {
			return nil
		}
		return def
	}
	if m.unmarshal != nil {
		item := raw
		cloned := false
		for i := range m.dec {
			if _, ok := lookup(i); ok {
				continue
			}
			if def := useDefault(i); def != nil {
				if !cloned {
					item = make(map[string]types.AttributeValue, len(raw)+1)
					maps.Copy(item, raw)
					cloned = true
				}
				item[m.dec[i].name] = def
			}
		}
		return decodeWhole(m.unmarshal, v, item)
	}
	for i := range m.dec {
		av, ok := lookup(i)
		if !ok {
			if av = useDefault(i); av == nil {
				continue
			}
		}
		if err := m.dec[i].decodeInto(av, v); err != nil {
			return err
		}
	}
	return nil
}

// splitFieldError turns a codec failure into the full attribute path
// (name, then the path inside it) and the underlying cause.
func splitFieldError(name string, err error) (string, error) {
	fe := &fieldError{attr: name, err: err}
	if name == "" {
		var ok bool
		if ok = errors.As(err, &fe); !ok {
			return "", err
		}
	}
	return fe.path(), fe.leaf()
}

func (m *Meta) projectedSet(projected []string) map[string]bool {
	if projected == nil {
		return nil
	}
	set := make(map[string]bool, len(projected))
	for _, p := range projected {
		set[p] = true
	}
	return set
}

// EncodeKey encodes a key given as Go values: the partition value, and the
// sort value when the table has a sort key. Values may be of the key
// field's Go type (or one convertible to it without loss), or already
// encoded types.AttributeValue.
func (m *Meta) EncodeKey(table string, key Key) (map[string]types.AttributeValue, error) {
	n := keyrules.Len(m.primary)
	if key.hasSort != (n == 2) {
		if key.hasSort {
			return nil, keyError(table, keyrules.At(m.primary, 0).Name, errors.New("the table has no sort key, but one was given"))
		}
		return nil, keyError(table, keyrules.At(m.primary, 1).Name, errors.New("the table has a sort key; give it with entity.NewKey(partition, sort)"))
	}
	if key.sort == errTooManySortValues {
		return nil, keyError(table, keyrules.At(m.primary, n-1).Name, errTooManySortValues)
	}
	out := make(map[string]types.AttributeValue, n)
	vals := [2]any{key.partition, key.sort}
	for i := range n {
		a := keyrules.At(m.primary, i)
		av, err := m.encodeKeyValue(a.Name, vals[i])
		if err != nil {
			return nil, keyError(table, a.Name, err)
		}
		if err := keyrules.CheckValue(a, i > 0, av); err != nil {
			return nil, keyError(table, a.Name, err)
		}
		out[a.Name] = av
	}
	return out, nil
}

// encodeKeyValue encodes one Go value as the named attribute would store it.
func (m *Meta) encodeKeyValue(name string, value any) (types.AttributeValue, error) {
	if av, ok := value.(types.AttributeValue); ok {
		return av, nil
	}
	i, _ := m.attrIndex(name)
	if text, number, ok := m.enc[i].scalar(value); ok {
		return scalarValue(text, number), nil
	}
	ft := m.attrs[i].GoType
	rv, err := convertTo(value, ft, keys.RuleKeyValueTypeMismatch)
	if err != nil {
		return nil, err
	}
	av, err := encodeOne(m.enc[i].enc, rv)
	if err != nil {
		return nil, err
	}
	if av == nil {
		return nil, &errs.InputError{Attribute: name, Rule: keys.RuleEmptyKeyValue, Detail: "the value encodes to nothing"}
	}
	return av, nil
}

// convertTo turns v into a value of type t when that loses nothing: same
// type, same kind family (string to named string, int to int64), or a
// pointer target. A refusal has rule: a key's value and an attribute's are
// refused for different rules.
func convertTo(v any, t reflect.Type, rule errs.Rule) (reflect.Value, error) {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return reflect.Value{}, &errs.InputError{Rule: rule, Detail: fmt.Sprintf("got nil, want %s", t)}
	}
	if rv.Type() == t {
		return rv, nil
	}
	target := t
	if t.Kind() == reflect.Pointer {
		target = t.Elem()
	}
	out := reflect.New(target).Elem()
	switch {
	case rv.Type() == target:
		out.Set(rv)
	case rv.Kind() == reflect.String && target.Kind() == reflect.String:
		out.SetString(rv.String())
	case isInteger(rv.Type()) && isInteger(target):
		if rv.CanInt() {
			n := rv.Int()
			if out.CanInt() && !out.OverflowInt(n) {
				out.SetInt(n)
				break
			}
			if out.CanUint() && n >= 0 && !out.OverflowUint(uint64(n)) {
				out.SetUint(uint64(n))
				break
			}
		} else {
			n := rv.Uint()
			if out.CanUint() && !out.OverflowUint(n) {
				out.SetUint(n)
				break
			}
			if out.CanInt() && n <= 1<<63-1 && !out.OverflowInt(int64(n)) {
				out.SetInt(int64(n))
				break
			}
		}
		return reflect.Value{}, &errs.InputError{Rule: rule, Detail: fmt.Sprintf("%v does not fit %s", v, target)}
	case rv.CanFloat() && out.CanFloat():
		out.SetFloat(rv.Float())
	case rv.Kind() == reflect.Struct && rv.Type().ConvertibleTo(target) && isTime(target):
		out.Set(rv.Convert(target))
	default:
		return reflect.Value{}, &errs.InputError{Rule: rule, Detail: fmt.Sprintf("got %T, want %s", v, target)}
	}
	if t.Kind() == reflect.Pointer {
		p := reflect.New(target)
		p.Elem().Set(out)
		return p, nil
	}
	return out, nil
}

// EncodeValue implements expr.ValueEncoder: a value compared with a
// top-level attribute is encoded the way that attribute is stored, so a
// condition on a time.Time field tagged unixtime compares numbers.
func (m *Meta) EncodeValue(path expr.Path, v any) (types.AttributeValue, bool, error) {
	if path.IsNested() {
		return nil, false, nil
	}
	i, ok := m.attrIndex(path.Root())
	if !ok {
		return nil, false, nil
	}
	if m.enc[i].plain != plainElems { // an element: left to the default rules
		if text, number, ok := m.enc[i].scalar(v); ok {
			return scalarValue(text, number), true, nil
		}
	}
	rv := reflect.ValueOf(v)
	ft := m.attrs[i].GoType
	if !rv.IsValid() {
		return nil, false, nil
	}
	if rv.Type() != ft {
		// Only take over where the stored form differs from the plain
		// one: times and values tagged with encoding options.
		if !isTime(derefType(ft)) && m.attrs[i].opts.neutral() {
			return nil, false, nil
		}
		if !sameFamily(rv.Type(), derefType(ft)) {
			return nil, false, nil // e.g. one element compared with a set
		}
		var err error
		if rv, err = convertTo(v, ft, RuleWrongKind); err != nil {
			return nil, false, nil
		}
	}
	av, err := encodeOne(m.enc[i].enc, rv)
	if err != nil {
		return nil, true, err
	}
	if av == nil {
		return nil, false, nil
	}
	return av, true, nil
}

// EncodeScalar implements expr.ScalarEncoder: for a value of the exact
// built-in type (string, int, int64, float64, or time.Time in a key) of the
// top-level attribute at path, stored as a lone string or number, it gives
// the stored text and whether it is a number, so expression builders can
// keep such values in shared allocations. A string or int given for a
// list, set or map attribute (an element, as contains takes) gets
// attributevalue's encoding, which EncodeValue would leave to the builder.
// Anything else is left to EncodeValue (ok false).
func (m *Meta) EncodeScalar(path expr.Path, v any) (text string, number, ok bool) {
	if path.IsNested() {
		return "", false, false
	}
	i, found := m.attrIndex(path.Root())
	if !found {
		return "", false, false
	}
	return m.enc[i].scalar(v)
}

var _ expr.ScalarEncoder = (*Meta)(nil)

// Key is a primary key given as Go values. Build it with entity.NewKey.
type Key struct {
	partition, sort any
	hasSort         bool
}

// NewKey builds a primary key from the partition value and, for tables with
// a sort key, the sort value.
func NewKey(partition any, sort ...any) Key {
	k := Key{partition: partition}
	if len(sort) > 0 {
		k.sort, k.hasSort = sort[0], true
	}
	if len(sort) > 1 {
		// Two sort values cannot be right; let EncodeKey report it.
		k.sort = errTooManySortValues
	}
	return k
}

var errTooManySortValues = errors.New("a primary key has at most one sort value")

// String renders the key for messages, as errors render keys, but by
// position since a Key does not know its attributes' names: {"a"} for a
// partition value alone, {"a", 3} with a sort value. Strings are quoted and
// binary is in hex.
func (k Key) String() string {
	parts := []keyPart{{value: goValueString(k.partition)}}
	switch {
	case k.sort == errTooManySortValues:
		parts = append(parts, keyPart{value: "(more than one sort value)"})
	case k.hasSort:
		parts = append(parts, keyPart{value: goValueString(k.sort)})
	}
	return keyText(parts)
}

func describeAV(v types.AttributeValue) string {
	s := fmt.Sprintf("%T", v)
	s = strings.TrimPrefix(s, "*types.AttributeValueMember")
	return s
}

// Marshal encodes item (a *T) with the model's codec and nothing else: no
// validation, no key checks, no metadata attributes. For the same struct and
// tags its output is what attributevalue.MarshalMap produces, except that
// time.Time key attributes use keys.TimeLayout.
func (m *Meta) Marshal(item any) (map[string]types.AttributeValue, error) {
	v, err := m.structValue(item)
	if err != nil {
		return nil, err
	}
	return m.encodeFields("", v, 0)
}

// Unmarshal decodes raw into out (a *T) with the model's codec and nothing
// else: no version upgrade, no defaults, no validation. out is reset to
// its zero value first.
func (m *Meta) Unmarshal(raw map[string]types.AttributeValue, out any) error {
	v, err := m.structValue(out)
	if err != nil {
		return err
	}
	if err := m.decodeAttributes(raw, v, nil, false); err != nil {
		path, leaf := splitFieldError("", err)
		return &DecodeError{Key: m.keyString(raw), Attribute: path, Err: leaf}
	}
	return nil
}

// sameFamily reports whether convertTo could turn a value of type a into
// type b: both strings, both integers, both floats, or both times.
func sameFamily(a, b reflect.Type) bool {
	switch {
	case a.Kind() == reflect.String:
		return b.Kind() == reflect.String
	case isInteger(a):
		return isInteger(b)
	case a.Kind() == reflect.Float32 || a.Kind() == reflect.Float64:
		return b.Kind() == reflect.Float32 || b.Kind() == reflect.Float64
	case isTime(a):
		return isTime(b)
	}
	return a == b
}
