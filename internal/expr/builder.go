package expr

import (
	"strconv"
	"unsafe"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/number"
)

// MaxExpressionLength is the largest expression string, in bytes, DynamoDB
// accepts.
const MaxExpressionLength = 4096

// indexThreshold is the number of names above which name lookups go through a
// map instead of a linear scan.
const indexThreshold = 16

// Builder accumulates the name and value placeholders of one request. All the
// expressions of the request (condition, filter, projection, key condition,
// update) are rendered through the same Builder so that their placeholders
// never collide and every placeholder in Names and Values is used.
//
// Names are numbered #n0, #n1, ... in first-use order and deduplicated: the
// same attribute name always gets the same placeholder. Values are numbered
// :v0, :v1, ... in order and are not deduplicated. Rendering the same
// expressions in the same order always gives the same strings and maps.
//
// A method that fails leaves the Builder as it was before the call, so no
// placeholder of a failed expression is left behind.
//
// The zero Builder is ready to use with no ValueEncoder. A Builder must not be
// copied after first use and is not safe for concurrent use.
type Builder struct {
	_       noCopy
	enc     ValueEncoder
	scalar  ScalarEncoder // enc, when it is one
	names   []string
	values  []types.AttributeValue
	index   map[string]int // name → position, once there are many names
	indexed bool
	preset  *Preset // registered first, by Start
	buf     []byte
	sSlab   []types.AttributeValueMemberS // unused slots, see newS
	nSlab   []types.AttributeValueMemberN

	// Initial backing arrays, so that a typical request needs no further
	// allocation inside the Builder.
	nameArr [8]string
	valArr  [8]types.AttributeValue
	bufArr  [192]byte
}

// NewBuilder returns an empty Builder. enc may be nil, in which case values
// are encoded like attributevalue.Marshal does.
func NewBuilder(enc ValueEncoder) *Builder {
	b := &Builder{enc: enc}
	b.scalar, _ = enc.(ScalarEncoder)
	b.names = b.nameArr[:0]
	b.values = b.valArr[:0]
	b.buf = b.bufArr[:0]
	return b
}

// Reset empties b for another request, keeping its allocated memory, and sets
// its ValueEncoder (which may be nil). Maps returned earlier by Names and
// Values are not affected.
func (b *Builder) Reset(enc ValueEncoder) {
	b.enc = enc
	b.scalar, _ = enc.(ScalarEncoder)
	clear(b.names)
	clear(b.values)
	if b.names == nil {
		b.names = b.nameArr[:0]
	}
	if b.values == nil {
		b.values = b.valArr[:0]
	}
	if b.buf == nil {
		b.buf = b.bufArr[:0]
	}
	b.names = b.names[:0]
	b.values = b.values[:0]
	b.buf = b.buf[:0]
	if b.indexed {
		clear(b.index)
		b.indexed = false
	}
	b.preset = nil
}

// Retained returns about how many bytes b keeps for the next request after
// Reset: the capacity its name, value and text buffers have grown to, and
// its name index. One large request leaves a Builder this large for as long
// as it is reused, so a pool of Builders uses Retained to let go of the
// ones a rare request has inflated.
func (b *Builder) Retained() int {
	n := cap(b.names)*int(unsafe.Sizeof("")) +
		cap(b.values)*int(unsafe.Sizeof(types.AttributeValue(nil))) +
		cap(b.buf)
	if b.index != nil {
		// The index has held at most as many names as b.names had room
		// for: a key and a position each.
		n += cap(b.names) * int(unsafe.Sizeof("")+unsafe.Sizeof(0))
	}
	return n
}

// Name registers a top-level attribute name and returns its placeholder, such
// as "#n0". The same name always gets the same placeholder. Name does not
// validate the name; use Path for that.
func (b *Builder) Name(name string) string {
	return namePlaceholder(b.nameIndex(name))
}

func (b *Builder) nameIndex(name string) int {
	if b.indexed {
		if i, ok := b.index[name]; ok {
			return i
		}
	} else {
		for i, n := range b.names {
			if n == name {
				return i
			}
		}
	}
	i := len(b.names)
	b.names = append(b.names, name)
	if b.indexed {
		b.index[name] = i
	} else {
		b.indexIfMany()
	}
	return i
}

// indexIfMany switches name lookups to a map once there are more names
// than a linear scan handles well.
func (b *Builder) indexIfMany() {
	if b.indexed || len(b.names) <= indexThreshold {
		return
	}
	if b.index == nil {
		b.index = make(map[string]int, 2*len(b.names))
	}
	for j, n := range b.names {
		b.index[n] = j
	}
	b.indexed = true
}

// Value encodes v for the attribute at path and registers it, returning its
// placeholder, such as ":v0". The ValueEncoder is tried first; without one,
// or when it does not handle v, v is encoded like attributevalue.Marshal
// does, except that a types.AttributeValue is used as it is.
func (b *Builder) Value(path Path, v any) (string, error) {
	av, err := b.encode(path, v, true)
	if err != nil {
		return "", at(opValue, path, err)
	}
	return b.addValue(av), nil
}

// Encode encodes v for the attribute at path as Value does, without
// registering it; register it with RawValue. It lets a caller check the
// encoded value (a key value's type, say) before it is used.
func (b *Builder) Encode(path Path, v any) (types.AttributeValue, error) {
	av, err := b.encode(path, v, true)
	if err != nil {
		return nil, at(opValue, path, err)
	}
	return av, nil
}

// NewScalar returns a string (S) or, when number is true, number (N)
// attribute value holding text, from memory the Builder shares among a
// request's values. It does not register it; RawValue does.
func (b *Builder) NewScalar(text string, number bool) types.AttributeValue {
	if number {
		return b.number(text)
	}
	return b.newS(text)
}

// RawValue registers an already-encoded value and returns its placeholder. A
// nil av (or a nil pointer of a member type) is registered as NULL. Unlike
// Value, it checks nothing: a caller registering a value it did not get
// from Encode checks it first (its numbers, say).
func (b *Builder) RawValue(av types.AttributeValue) string {
	if av == nil || isNilPointer(av) {
		av = &types.AttributeValueMemberNULL{Value: true}
	}
	return b.addValue(av)
}

// addValue registers a value known to be usable.
func (b *Builder) addValue(av types.AttributeValue) string {
	b.values = append(b.values, av)
	return valuePlaceholder(len(b.values) - 1)
}

// encode encodes v for the attribute at p and refuses a value holding a
// number DynamoDB would refuse, whichever encoder made it: every value of
// a condition, a filter or a key condition passes here.
func (b *Builder) encode(p Path, v any, useEnc bool) (types.AttributeValue, *errs.InputError) {
	av, err := b.encodeValue(p, v, useEnc)
	if err != nil {
		return nil, err
	}
	if err := number.CheckValue(av); err != nil {
		return nil, encodeRefusal(err)
	}
	return av, nil
}

func (b *Builder) encodeValue(p Path, v any, useEnc bool) (types.AttributeValue, *errs.InputError) {
	// A value registered on its own (an update's, a key condition's) has
	// not been through Operand yet; an operand of an expression has, and
	// the expression's paths and sizes never reach here.
	v = Operand(v)
	switch v.(type) {
	case Expr, *Expr, Path, *Path, Size, *Size:
		// Mistakes rather than values: attributevalue would quietly encode
		// them as empty maps.
		return nil, refusal(RuleInvalidOperand, "a "+userTypeName(v)+" is not a value")
	}
	if useEnc && b.scalar != nil {
		if text, isNumber, ok := b.scalar.EncodeScalar(p, v); ok {
			return b.NewScalar(text, isNumber), nil
		}
	}
	if useEnc && b.enc != nil {
		av, handled, err := b.enc.EncodeValue(p, v)
		if err != nil {
			return nil, encodeRefusal(err)
		}
		if handled {
			if av == nil || isNilPointer(av) {
				return nil, refusal(RuleEncode, "the ValueEncoder returned no value")
			}
			return av, nil
		}
	}
	return b.encodeDefault(v)
}

// Names returns the name placeholders registered so far, mapped to the
// attribute names, as ExpressionAttributeNames wants them; nil when there are
// none. The map is new on every call and belongs to the caller.
func (b *Builder) Names() map[string]string {
	if len(b.names) == 0 {
		return nil
	}
	if b.preset != nil {
		return b.presetNames()
	}
	m := make(map[string]string, len(b.names))
	for i, n := range b.names {
		m[namePlaceholder(i)] = n
	}
	return m
}

// Values returns the value placeholders registered so far, mapped to the
// encoded values, as ExpressionAttributeValues wants them; nil when there are
// none. The map is new on every call and belongs to the caller.
func (b *Builder) Values() map[string]types.AttributeValue {
	if len(b.values) == 0 {
		return nil
	}
	m := make(map[string]types.AttributeValue, len(b.values))
	for i, v := range b.values {
		m[valuePlaceholder(i)] = v
	}
	return m
}

// NumNames returns the number of name placeholders registered so far.
func (b *Builder) NumNames() int { return len(b.names) }

// NumValues returns the number of value placeholders registered so far.
func (b *Builder) NumValues() int { return len(b.values) }

func (b *Builder) rollback(names, values int) {
	if b.indexed {
		for _, n := range b.names[names:] {
			delete(b.index, n)
		}
	}
	clear(b.names[names:])
	b.names = b.names[:names]
	clear(b.values[values:])
	b.values = b.values[:values]
}

// finish checks the length of the expression in b.buf and returns it as a
// string, or rolls back to the given marks.
func (b *Builder) finish(op string, names, values int) (string, error) {
	if err := b.checkLength(op, names, values); err != nil {
		return "", err
	}
	return string(b.buf), nil
}

// checkLength refuses an expression in b.buf over MaxExpressionLength,
// rolling back to the given marks.
func (b *Builder) checkLength(op string, names, values int) error {
	if len(b.buf) > MaxExpressionLength {
		b.rollback(names, values)
		return &errs.InputError{Op: op, Rule: RuleExpressionTooLong,
			Detail: strconv.Itoa(len(b.buf)) + " bytes, the limit is " + strconv.Itoa(MaxExpressionLength)}
	}
	return nil
}

// Condition renders e as a condition or filter expression, registering its
// names and values. It returns "" for the zero Expr. The errors are
// *errs.InputError values with the rule RuleInvalidPath,
// RuleInvalidOperand, RuleTooManyOperands, RuleEncode, RuleInvalidNumber
// or RuleExpressionTooLong.
func (b *Builder) Condition(e Expr) (string, error) {
	if e.n == nil {
		return "", nil
	}
	if err := b.renderCondition(e); err != nil {
		return "", err
	}
	return string(b.buf), nil
}

// renderCondition renders e into b.buf, registering its names and values,
// or reports why it cannot be, leaving b as it was.
func (b *Builder) renderCondition(e Expr) error {
	names, values := len(b.names), len(b.values)
	b.buf = b.buf[:0]
	if err := b.render(e.n); err != nil {
		b.rollback(names, values)
		return err
	}
	return b.checkLength(opCondition, names, values)
}

// Path registers the names of p and renders it, such as "#n0.#n1[2]".
func (b *Builder) Path(p Path) (string, error) {
	if msg := p.problem(); msg != "" {
		return "", at(opPath, p, refusal(RuleInvalidPath, msg))
	}
	names, values := len(b.names), len(b.values)
	b.buf = b.appendPath(b.buf[:0], p)
	return b.finish(opPath, names, values)
}

// AppendPath registers the names of p and appends its rendering to dst. It
// lets other expression renderers (update and key condition expressions)
// write paths into their own buffers without intermediate strings.
func (b *Builder) AppendPath(dst []byte, p Path) ([]byte, error) {
	if msg := p.problem(); msg != "" {
		return dst, at(opPath, p, refusal(RuleInvalidPath, msg))
	}
	return b.appendPath(dst, p), nil
}

// Projection registers and renders paths as a projection expression, such as
// "#n0, #n1.#n2". It returns "" when paths is empty. It refuses, with an
// RuleOverlappingPaths, the same path twice or a path together
// with one of its descendants (a and a.b), which DynamoDB rejects; siblings
// such as a.b and a.c, or l[0] and l[1], are fine.
func (b *Builder) Projection(paths ...Path) (string, error) {
	if len(paths) == 0 {
		return "", nil
	}
	for i, p := range paths {
		if msg := p.problem(); msg != "" {
			return "", at(opProjection, p, refusal(RuleInvalidPath, msg))
		}
		for _, q := range paths[:i] {
			if q.Overlaps(p) {
				return "", at(opProjection, p, refusal(RuleOverlappingPaths, "overlaps "+q.String()))
			}
		}
	}
	names, values := len(b.names), len(b.values)
	buf := b.buf[:0]
	for i, p := range paths {
		if i > 0 {
			buf = append(buf, ", "...)
		}
		buf = b.appendPath(buf, p)
	}
	b.buf = buf
	return b.finish(opProjection, names, values)
}

// appendPath renders a path that has already been validated.
func (b *Builder) appendPath(buf []byte, p Path) []byte {
	buf = append(buf, namePlaceholder(b.nameIndex(p.root))...)
	for i := range p.elems {
		e := &p.elems[i]
		if e.isIdx {
			buf = append(buf, '[')
			buf = strconv.AppendInt(buf, int64(e.index), 10)
			buf = append(buf, ']')
		} else {
			buf = append(buf, '.')
			buf = append(buf, namePlaceholder(b.nameIndex(e.name))...)
		}
	}
	return buf
}

func (b *Builder) render(n *node) error {
	switch n.kind {
	case kAnd, kOr:
		sep := " AND "
		if n.kind == kOr {
			sep = " OR "
		}
		for i, k := range n.kids {
			if i > 0 {
				b.buf = append(b.buf, sep...)
			}
			if needsParens(k) {
				b.buf = append(b.buf, '(')
				if err := b.render(k); err != nil {
					return err
				}
				b.buf = append(b.buf, ')')
			} else if err := b.render(k); err != nil {
				return err
			}
			if len(b.buf) > MaxExpressionLength {
				return nil // checkLength reports the length
			}
		}
		return nil
	case kNot:
		b.buf = append(b.buf, "NOT ("...)
		if err := b.render(n.kids[0]); err != nil {
			return err
		}
		b.buf = append(b.buf, ')')
		return nil
	}

	if msg := n.path.problem(); msg != "" {
		return at(opOf(n), n.path, refusal(RuleInvalidPath, msg))
	}
	switch n.kind {
	case kEq, kNe, kLt, kLe, kGt, kGe:
		b.appendLeft(n)
		b.buf = append(b.buf, kindComparators[n.kind]...)
		return b.appendOperand(n, n.inl[0])
	case kBetween:
		b.appendLeft(n)
		b.buf = append(b.buf, " BETWEEN "...)
		if err := b.appendOperand(n, n.inl[0]); err != nil {
			return err
		}
		b.buf = append(b.buf, " AND "...)
		return b.appendOperand(n, n.inl[1])
	case kIn:
		list := n.inList()
		if list == nil {
			return at(opOf(n), n.path, refusal(RuleTooManyOperands,
				"IN needs 1 to "+strconv.Itoa(MaxInOperands)+" operands, got "+strconv.Itoa(n.inl[0].(int))))
		}
		b.appendLeft(n)
		b.buf = append(b.buf, " IN ("...)
		for i, o := range list {
			if i > 0 {
				b.buf = append(b.buf, ", "...)
			}
			if err := b.appendOperand(n, o); err != nil {
				return err
			}
		}
		b.buf = append(b.buf, ')')
		return nil
	case kExists, kNotExists:
		b.buf = append(b.buf, kindFuncs[n.kind]...)
		b.buf = b.appendPath(b.buf, n.path)
		b.buf = append(b.buf, ')')
		return nil
	case kType:
		t, _ := n.inl[0].(AttrType)
		if !t.Valid() {
			return at(opOf(n), n.path, refusal(RuleInvalidOperand, "unknown attribute type "+strconv.Quote(string(t))))
		}
		b.buf = append(b.buf, kindFuncs[kType]...)
		b.buf = b.appendPath(b.buf, n.path)
		b.buf = append(b.buf, ", "...)
		b.buf = append(b.buf, b.addValue(b.newS(string(t)))...)
		b.buf = append(b.buf, ')')
		return nil
	case kBeginsWith:
		o := n.inl[0]
		if !stringOrBytes(o) {
			return at(opOf(n), n.path, refusal(RuleInvalidOperand, "the prefix must be a string or []byte, got "+operandType(o)))
		}
		av, err := b.encode(n.path, o, true)
		if err != nil {
			return at(opOf(n), n.path, err)
		}
		switch av.(type) {
		case *types.AttributeValueMemberS, *types.AttributeValueMemberB:
		default:
			return at(opOf(n), n.path, refusal(RuleInvalidOperand, "the prefix must encode to a string or binary value"))
		}
		b.buf = append(b.buf, kindFuncs[kBeginsWith]...)
		b.buf = b.appendPath(b.buf, n.path)
		b.buf = append(b.buf, ", "...)
		b.buf = append(b.buf, b.addValue(av)...)
		b.buf = append(b.buf, ')')
		return nil
	case kContains:
		if _, ok := n.inl[0].(Size); ok {
			return at(opOf(n), n.path, refusal(RuleInvalidOperand, "size() cannot be an operand of contains"))
		}
		b.buf = append(b.buf, kindFuncs[kContains]...)
		b.buf = b.appendPath(b.buf, n.path)
		b.buf = append(b.buf, ", "...)
		if err := b.appendOperand(n, n.inl[0]); err != nil {
			return err
		}
		b.buf = append(b.buf, ')')
		return nil
	}
	return &errs.InputError{Op: opCondition, Rule: RuleInvalidOperand, Detail: "unknown expression"}
}

func (b *Builder) appendLeft(n *node) {
	if n.size {
		b.buf = append(b.buf, "size("...)
		b.buf = b.appendPath(b.buf, n.path)
		b.buf = append(b.buf, ')')
		return
	}
	b.buf = b.appendPath(b.buf, n.path)
}

func (b *Builder) appendOperand(n *node, o any) error {
	switch x := o.(type) {
	case Path:
		return b.appendOperandPath(n, x, false)
	case Size:
		return b.appendOperandPath(n, x.p, true)
	}
	// Values compared with size() are numbers, whatever the attribute's
	// encoding; only values compared with the attribute itself go through
	// the ValueEncoder.
	av, err := b.encode(n.path, o, !n.size)
	if err != nil {
		return at(opOf(n), n.path, err)
	}
	b.buf = append(b.buf, b.addValue(av)...)
	return nil
}

func (b *Builder) appendOperandPath(n *node, p Path, size bool) error {
	if msg := p.problem(); msg != "" {
		return at(opOf(n), p, refusal(RuleInvalidPath, msg))
	}
	if size {
		b.buf = append(b.buf, "size("...)
		b.buf = b.appendPath(b.buf, p)
		b.buf = append(b.buf, ')')
	} else {
		b.buf = b.appendPath(b.buf, p)
	}
	return nil
}

func operandType(o any) string {
	switch o.(type) {
	case nil:
		return "nil"
	case Path:
		return "a path"
	case Size:
		return "size()"
	}
	return userTypeName(o)
}

// noCopy makes go vet's copylocks check report copies of a Builder.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}
