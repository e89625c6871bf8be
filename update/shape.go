package update

import (
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/bounded"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/keyrules"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// An update's shape is everything about it that does not depend on the
// values it writes: which actions on which paths, whether it is an upsert,
// how it treats the lock version. The shape decides the checks on the
// paths, the update expression, the library's condition and every
// placeholder, so it is worked out once and kept; building a request then
// only validates and encodes the values and renders the caller's own
// condition.

type lockMode uint8

const (
	lockNone     lockMode = iota // the model has no lock version
	lockAuto                     // the lock version is advanced unconditionally
	lockWant                     // IfVersion(n), n > 0: the lock version is checked too
	lockWantNone                 // IfVersion(0): the item must have no lock version yet
)

type shape struct {
	// What the shape was worked out for.
	kinds  []actionKind
	paths  []expr.Path
	upsert bool
	lock   lockMode

	infos []model.PathInfo // per action
	// numeric reports, per action, an attribute holding a number: an
	// Increment needs one, and an Add adds to it rather than to a set.
	numeric []bool
	// indexKeys lists, per action, the index key roles of the attribute
	// a top-level Set writes, whose values must follow DynamoDB's key
	// rules.
	indexKeys [][]indexKey
	templates []*model.Template // templated keys the update recomputes
	// writes validates together the values of the actions that write a
	// declared field outside any list or map (nil when there are none).
	writes *model.WriteSet

	preset    *expr.Preset // every name, registered first
	update    string       // the update expression
	condition string       // the library's condition
	// conditionOr reports a condition that is an OR at the top (an
	// upsert's), to parenthesise next to the caller's.
	conditionOr bool
	// libValues are the values after those of the actions and the
	// templates, in placeholder order.
	libValues []libValue
	roots     []string // the top-level attributes written
}

type indexKey struct {
	index string
	attr  keys.Attribute
	sort  bool
}

type libValueKind uint8

const (
	libNumber   libValueKind = iota // a constant number: text
	libString                       // a constant string: text
	libLockNext                     // the lock version IfVersion writes
	libLockWant                     // the lock version IfVersion expects
)

type libValue struct {
	kind libValueKind
	text string
}

func (s *shape) matches(actions []action, upsert bool, lock lockMode) bool {
	if s.upsert != upsert || s.lock != lock || len(s.kinds) != len(actions) {
		return false
	}
	for i := range actions {
		if s.kinds[i] != actions[i].kind || !s.paths[i].Equal(actions[i].path) {
			return false
		}
	}
	return true
}

// maxShapes bounds the shapes kept per entity, so a program that builds
// updates on paths made up at run time does not grow without end; other
// shapes are worked out on every request.
const maxShapes = 64

var shapes sync.Map // *entity.Meta → *bounded.List[*shape]

// shapeOf returns the update's shape, worked out now if it is new.
func (u *Update[T]) shapeOf() (*shape, error) {
	lock := lockNone
	if _, ok := model.Of(u.meta).LockAttribute(); ok {
		lock = lockAuto
		switch {
		case u.lockWant == nil:
		case *u.lockWant == 0: // a condition of another form
			lock = lockWantNone
		default:
			lock = lockWant
		}
	}
	v, ok := shapes.Load(u.meta)
	if !ok {
		v, _ = shapes.LoadOrStore(u.meta, &bounded.List[*shape]{Max: maxShapes})
	}
	known := v.(*bounded.List[*shape])
	acts := u.actions
	if s, ok := known.Find(func(s *shape) bool { return s.matches(acts, u.upsert, lock) }); ok {
		return s, nil
	}
	s, err := u.compile(lock)
	if err != nil {
		return nil, err
	}
	known.Add(s)
	return s, nil
}

// compile works out the shape of u: it checks every path and renders the
// expressions with a placeholder for every value, in the order build
// registers the values.
func (u *Update[T]) compile(lock lockMode) (*shape, error) {
	acts := u.actions
	s := &shape{
		kinds:     make([]actionKind, len(acts)),
		paths:     make([]expr.Path, len(acts)),
		upsert:    u.upsert,
		lock:      lock,
		infos:     make([]model.PathInfo, len(acts)),
		numeric:   make([]bool, len(acts)),
		indexKeys: make([][]indexKey, len(acts)),
		roots:     make([]string, 0, len(acts)+3),
	}
	b := expr.NewBuilder(nil)
	slot := func() string { return b.RawValue(nil) } // a value build registers in this place
	var set, remove, add, del []byte
	operators := 0
	fail := func(a action, err error) (*shape, error) {
		return nil, at("update", u.table.Name(), a.path.String(), err)
	}
	for i, a := range acts {
		s.kinds[i], s.paths[i] = a.kind, a.path
		if err := u.checkManaged(a); err != nil {
			return fail(a, err)
		}
		info, err := model.Of(u.meta).ResolvePath(a.path)
		if err != nil {
			var unknown *entity.InputError
			isUnknown := errors.As(err, &unknown) && unknown.Rule == entity.RuleUnknownPath
			if isUnknown {
				unknown.Table = u.table.Name() // not the model's default
			}
			// An attribute named with cond.Undeclared can be removed: no
			// value has to be encoded or validated for it. Declared ones
			// are resolved and checked like any other, however named.
			if !a.path.IsUndeclared() || !isUnknown {
				return fail(a, err)
			}
			if a.kind != actRemove {
				return fail(a, fmt.Errorf("%w (of the actions, only Remove takes an attribute the model does not declare: a value for it could be neither encoded nor validated)", err))
			}
			info = model.PathInfo{}
		}
		if err := u.checkTarget(a, info); err != nil {
			return fail(a, err)
		}
		for _, q := range s.paths[:i] {
			if q.Overlaps(a.path) {
				return fail(a, refusal(RuleOverlap, "%s and %s", q, a.path))
			}
		}
		s.infos[i] = info
		if s.numeric[i] = info.GoType != nil && isNumeric(info.GoType); a.kind == actIncrement && !s.numeric[i] {
			return fail(a, refusal(RuleWrongKind, "Increment: %s is not a number", info.Attribute.Name))
		}
		s.roots = append(s.roots, a.path.Root())
		ps, err := b.Path(a.path)
		if err != nil {
			return fail(a, err)
		}
		switch a.kind {
		case actSet, actSetIfNotExists:
			if info.Key && !a.path.IsNested() {
				s.indexKeys[i] = indexKeysOf(u.meta, info.Attribute.Name)
			}
			vs := slot()
			set = appendSep(set, ", ")
			set = append(set, ps...)
			set = append(set, " = "...)
			if a.kind == actSetIfNotExists {
				set = append(set, "if_not_exists("+ps+", "+vs+")"...)
				operators++
			} else {
				set = append(set, vs...)
			}
		case actAppend, actPrepend:
			vs, empty := slot(), slot()
			current := "if_not_exists(" + ps + ", " + empty + ")"
			set = appendSep(set, ", ")
			if a.kind == actAppend {
				set = append(set, ps+" = list_append("+current+", "+vs+")"...)
			} else {
				set = append(set, ps+" = list_append("+vs+", "+current+")"...)
			}
			operators += 2
		case actIncrement:
			// ADD treats a missing number as 0, but takes top-level
			// attributes only; nested numbers need SET's if_not_exists.
			if a.path.IsNested() {
				zero, vs := slot(), slot()
				set = appendSep(set, ", ")
				set = append(set, ps+" = if_not_exists("+ps+", "+zero+") + "+vs...)
				operators += 2
			} else {
				add = appendSep(add, ", ")
				add = append(add, ps+" "+slot()...)
				operators++
			}
		case actAdd:
			add = appendSep(add, ", ")
			add = append(add, ps+" "+slot()...)
			operators++
		case actDelete:
			del = appendSep(del, ", ")
			del = append(del, ps+" "+slot()...)
			operators++
		case actRemove:
			remove = appendSep(remove, ", ")
			remove = append(remove, ps...)
			operators++
		}
	}

	together := make([]bool, len(acts))
	for i, a := range acts {
		switch a.kind {
		case actSet, actSetIfNotExists:
			together[i] = true
		case actRemove:
			together[i] = u.declares(a.path)
		}
	}
	w, err := model.Of(u.meta).NewWriteSet(s.paths, s.infos, together)
	if err != nil {
		return nil, err
	}
	s.writes = w

	// Templated keys follow their components in the same request.
	s.templates = u.touchedTemplates()
	for _, tp := range s.templates {
		set = appendSep(set, ", ")
		set = append(set, b.Name(tp.Attribute)+" = "+slot()...)
		s.roots = append(s.roots, tp.Attribute)
	}

	// The library's own attributes: the schema version, the entity type,
	// the lock version.
	// A constant used twice (the schema version written and expected) is
	// one value.
	constants := map[libValue]string{}
	lib := func(kind libValueKind, text string) string {
		v := libValue{kind, text}
		if ph, ok := constants[v]; ok && (kind == libNumber || kind == libString) {
			return ph
		}
		s.libValues = append(s.libValues, v)
		constants[v] = slot()
		return constants[v]
	}
	version := strconv.Itoa(u.meta.Version())
	set = appendSep(set, ", ")
	set = append(set, b.Name(entity.VersionAttribute)+" = "+lib(libNumber, version)...)
	s.roots = append(s.roots, entity.VersionAttribute)
	if model.Of(u.meta).StampsType() {
		set = append(set, ", "+b.Name(entity.TypeAttribute)+" = "+lib(libString, u.meta.TypeName())...)
		s.roots = append(s.roots, entity.TypeAttribute)
	}
	lockAttr, _ := model.Of(u.meta).LockAttribute()
	switch lock {
	case lockWant, lockWantNone:
		ln := b.Name(lockAttr.Name)
		set = append(set, ", "+ln+" = "+lib(libLockNext, "")...)
		s.roots = append(s.roots, lockAttr.Name)
	case lockAuto:
		add = appendSep(add, ", ")
		add = append(add, b.Name(lockAttr.Name)+" "+lib(libNumber, "1")...)
		operators++
		s.roots = append(s.roots, lockAttr.Name)
	}

	text := make([]byte, 0, len(set)+len(remove)+len(add)+len(del)+24)
	for _, clause := range []struct {
		word string
		body []byte
	}{{"SET ", set}, {"REMOVE ", remove}, {"ADD ", add}, {"DELETE ", del}} {
		if len(clause.body) == 0 {
			continue
		}
		text = appendSep(text, " ")
		text = append(text, clause.word...)
		text = append(text, clause.body...)
	}
	if len(text) > expr.MaxExpressionLength || operators > maxOperators {
		return nil, at("update", u.table.Name(), "", refusal(RuleTooComplex, "the update expression has %d bytes, %d operators", len(text), operators))
	}
	s.update = string(text)

	// The library's condition: the item exists (unless upserting), is at
	// the model's schema version and of the entity's type, and for
	// IfVersion at the version expected. It is a fixed form, written out
	// here with the names and value slots registered in order.
	pk := b.Name(u.meta.PrimaryKey().Partition[0].Name)
	ver := b.Name(entity.VersionAttribute)
	var current string
	if u.meta.Version() == 1 {
		// Items written before versions were stamped have none.
		current = "(attribute_not_exists(" + ver + ") OR " + ver + " = " + lib(libNumber, "1") + ")"
	} else {
		current = ver + " = " + lib(libNumber, version)
	}
	if model.Of(u.meta).StampsType() {
		typed := b.Name(entity.TypeAttribute) + " = " + lib(libString, u.meta.TypeName())
		// An item the model adopted (untyped=) may have no type yet;
		// the SET above stamps it.
		if attr, prefix, ok := u.meta.Untyped(); ok {
			untyped := "attribute_not_exists(" + b.Name(entity.TypeAttribute) + ")"
			if attr != "" {
				untyped = "(" + untyped + " AND begins_with(" + b.Name(attr) + ", " + lib(libString, prefix) + "))"
			}
			typed = "(" + typed + " OR " + untyped + ")"
		}
		current += " AND " + typed
	}
	if u.upsert {
		if model.Of(u.meta).StampsType() {
			current = "(" + current + ")"
		}
		s.condition = "attribute_not_exists(" + pk + ") OR " + current
		s.conditionOr = true
	} else {
		s.condition = "attribute_exists(" + pk + ") AND " + current
	}
	if lock == lockWant || lock == lockWantNone {
		if s.conditionOr {
			s.condition = "(" + s.condition + ")"
			s.conditionOr = false
		}
		// The lock version rule of every write (model.VersionCondition):
		// IfVersion(0) accepts an item with no version or version 0.
		s.condition += " AND " + model.VersionConditionText(b.Name(lockAttr.Name), lib(libLockWant, ""), *u.lockWant)
	}
	if s.preset, err = b.Preset(); err != nil {
		return nil, err
	}
	return s, nil
}

// indexKeysOf lists the index key roles of attribute name.
func indexKeysOf(meta *entity.Meta, name string) []indexKey {
	var out []indexKey
	for _, ix := range meta.Indexes() {
		for i, a := range keyrules.All(ix.Schema) {
			if a.Name == name {
				out = append(out, indexKey{index: ix.Name, attr: a, sort: i >= len(ix.Schema.Partition)})
			}
		}
	}
	return out
}

// checkIndexKey applies DynamoDB's rules for index key values to a value
// set on an index key attribute: the declared type, not empty, not too big.
func checkIndexKey(roles []indexKey, av types.AttributeValue) error {
	if _, null := av.(*types.AttributeValueMemberNULL); null {
		return refusal(RuleEmptyValue, "an index key cannot be NULL; use Remove to take the item out of the index")
	}
	for _, k := range roles {
		if err := keyrules.CheckValue(k.attr, k.sort, av); err != nil {
			err.Index = k.index // the refusal names the index whose key it is
			return err
		}
	}
	return nil
}
