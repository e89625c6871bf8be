package update_test

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/update"
)

type Part struct {
	SKU string `dynamodbav:"sku" validate:"required,min=2"`
	Qty int    `dynamodbav:"qty" validate:"gte=1"`
}

// Profile has a rule of each kind a partial write can meet.
type Profile struct {
	entity.Model `ddb:"table=profiles"`
	ID           string            `dynamodbav:"id" ddb:"pk"`
	Name         string            `dynamodbav:"name" validate:"required,min=2"`
	Level        int               `dynamodbav:"level" validate:"min=1,max=9"`
	Ratio        float32           `dynamodbav:"ratio" validate:"max=0.1"`
	Note         *string           `dynamodbav:"note" validate:"omitempty,required,min=2"`
	Tags         []string          `dynamodbav:"tags" validate:"dive,required,min=2"`
	Labels       []string          `dynamodbav:"labels,stringset,omitempty" validate:"max=4,dive,required,min=2"`
	Attrs        map[string]string `dynamodbav:"attrs" validate:"dive,keys,min=2,endkeys,required"`
	Parts        []Part            `dynamodbav:"parts" validate:"min=1,dive"`
	Loose        []Part            `dynamodbav:"loose"` // no dive: elements are not checked on a Put either
	Grid         [][]int           `dynamodbav:"grid" validate:"dive,dive,min=1"`
	Main         *Part             `dynamodbav:"main"`
	Any          any               `dynamodbav:"any"`
	Status       string            `dynamodbav:"status" validate:"oneof=open shipped"`
}

func profiles(t *testing.T) *entity.Table[Profile] {
	t.Helper()
	tbl, err := entity.NewTable[Profile]((*dynamodb.Client)(nil), entity.TableName("offline-profiles"))
	if err != nil {
		t.Fatal(err)
	}
	return tbl
}

// failing lists the fields a refused update names, by their Go path (as
// validator names them) and the rule.
func failing(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, f := range refusedFields(t, err) {
		out = append(out, f.Field+" "+f.Tag)
	}
	return out
}

// failingAttributes lists the fields a refused update names, by their
// attribute path and the rule.
func failingAttributes(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	for _, f := range refusedFields(t, err) {
		out = append(out, f.Attribute+" "+f.Tag)
	}
	return out
}

// refusedFields are the fields a refused update names.
func refusedFields(t *testing.T, err error) []entity.FieldError {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *entity.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, entity.ErrValidation) {
		t.Fatalf("error %v, want a *entity.ValidationError", err)
	}
	if ve.Table != "offline-profiles" || ve.Key == "" {
		t.Errorf("error %v does not name the table and the key", err)
	}
	return ve.Fields
}

// TestPartialWritesEnforceWhatPutEnforces: the rules a Put applies to a
// list element, a map key or value, a nested field, apply to an update
// that writes just that part.
func TestPartialWritesEnforceWhatPutEnforces(t *testing.T) {
	tbl := profiles(t)
	k := entity.NewKey("p1")
	cases := []struct {
		name string
		u    *update.Update[Profile]
		want []string // failing attributes; nil: accepted
	}{
		{"append an empty tag", update.New(tbl, k).Append(cond.Name("tags"), []string{"ok", ""}), []string{"tags[1] required"}},
		{"prepend a short tag", update.New(tbl, k).Prepend(cond.Name("tags"), []string{"x"}), []string{"tags[0] min"}},
		{"set an empty tag", update.New(tbl, k).Set(cond.Name("tags").Index(0), ""), []string{"tags[0] required"}},
		{"set a short tag", update.New(tbl, k).Set(cond.Name("tags").Index(3), "x"), []string{"tags[3] min"}},
		{"set a good tag", update.New(tbl, k).Set(cond.Name("tags").Index(3), "ok"), nil},
		{"add an empty label to the set", update.New(tbl, k).Add(cond.Name("labels"), []string{""}), []string{"labels[0] required"}},
		{"add labels beyond the set's max", update.New(tbl, k).Add(cond.Name("labels"), []string{"aa", "bb", "cc", "dd", "ee"}), nil},
		{"set a short map key", update.New(tbl, k).Set(cond.Name("attrs").Field("k"), "v"), []string{"attrs.k min"}},
		{"set an empty map value", update.New(tbl, k).Set(cond.Name("attrs").Field("kk"), ""), []string{"attrs.kk required"}},
		{"set a good map entry", update.New(tbl, k).Set(cond.Name("attrs").Field("kk"), "v"), nil},
		{"set a bad part", update.New(tbl, k).Set(cond.Name("parts").Index(2), Part{SKU: "x"}), []string{"parts[2].sku min", "parts[2].qty gte"}},
		{"set a part's field", update.New(tbl, k).Set(cond.Name("parts").Index(2).Field("sku"), ""), []string{"parts[2].sku required"}},
		{"append a bad part", update.New(tbl, k).Append(cond.Name("parts"), []Part{{SKU: "ok", Qty: 1}, {}}), []string{"parts[1].sku required", "parts[1].qty gte"}},
		{"loose parts are not checked", update.New(tbl, k).Append(cond.Name("loose"), []Part{{}}), nil},
		{"set a nested list element", update.New(tbl, k).Set(cond.Name("grid").Index(1).Index(2), 0), []string{"grid[1][2] min"}},
		{"set a nested struct field", update.New(tbl, k).Set(cond.Name("main").Field("qty"), 0), []string{"main.qty gte"}},
		{"set a struct into an interface", update.New(tbl, k).Set(cond.Name("any"), Part{}), []string{"any.sku required", "any.qty gte"}},
		{"float32 at its own precision", update.New(tbl, k).Set(cond.Name("ratio"), float32(0.1)), nil},
		{"omitempty on a nil pointer", update.New(tbl, k).Set(cond.Name("note"), (*string)(nil)), nil},
		{"a level out of range", update.New(tbl, k).Set(cond.Name("level"), 10), []string{"level max"}},
		{"all failures at once", update.New(tbl, k).Set(cond.Name("name"), "x").Append(cond.Name("tags"), []string{"", "y"}), []string{"name min", "tags[0] required", "tags[1] min"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.u.Input()
			if got := failingAttributes(t, err); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("failing %q, want %q (error %v)", got, tc.want, err)
			}
		})
	}
}

// TestRemoveIsRefusedWhenTheZeroValueIsInvalid: a removed attribute reads
// back as its zero value, so Remove is refused where a Put of the zero
// value would be; removing a list element or map entry is not.
func TestRemoveIsRefusedWhenTheZeroValueIsInvalid(t *testing.T) {
	tbl := profiles(t)
	k := entity.NewKey("p1")
	for _, tc := range []struct {
		path    cond.Path
		refused bool
	}{
		{cond.Name("name"), true},
		{cond.Name("level"), true}, // min=1
		{cond.Name("note"), false},
		{cond.Name("ratio"), false},
		{cond.Name("status"), true}, // "" is not one of them
		{cond.Name("main").Field("sku"), true},
		{cond.Name("tags").Index(0), false},
		{cond.Name("attrs").Field("kk"), false},
	} {
		_, err := update.New(tbl, k).Remove(tc.path).Input()
		if tc.refused != matches(err, wantRule(update.RuleRemoveRequired)) {
			t.Errorf("Remove(%s): %v, want refused=%v", tc.path, err, tc.refused)
		}
		var ve *entity.ValidationError
		if tc.refused && !errors.As(err, &ve) {
			t.Errorf("Remove(%s): %v does not say which rule", tc.path, err)
		}
	}
}

// TestSetMatchesValidatorDifferential holds Set's verdict on every
// top-level attribute of Profile, over generated values, to validator's
// Struct on a Profile holding the value (failures at that attribute only).
func TestSetMatchesValidatorDifferential(t *testing.T) {
	tbl := profiles(t)
	v := validator.New(validator.WithRequiredStructEnabled())
	r := rand.New(rand.NewPCG(5, 9))
	gen := profileValues(r)
	meta := tbl.Meta()
	checked := 0
	for range 150 {
		for goName, next := range gen {
			val := next()
			item := &Profile{}
			if field := reflect.ValueOf(item).Elem().FieldByName(goName); val != nil {
				field.Set(reflect.ValueOf(val))
			}
			want := structFailures(t, v, item, goName)
			attr := ""
			for _, a := range meta.Attributes() {
				if a.GoName == goName {
					attr = a.Name
				}
			}
			_, err := update.New(tbl, entity.NewKey("p1")).Set(cond.Name(attr), val).Input()
			if err != nil && !errors.Is(err, entity.ErrValidation) {
				continue // a value the attribute cannot store (an empty set): not validation's to judge
			}
			var got []string
			for _, f := range failing(t, err) {
				field, tag, _ := strings.Cut(f, " ")
				got = append(got, strings.TrimPrefix(field, "Profile."+goName)+" "+tag)
			}
			slices.Sort(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Set(%s, %#v): library %q, validator %q", attr, val, got, want)
			}
			checked++
		}
	}
	t.Logf("%d writes checked", checked)
}

func randStrings(r *rand.Rand, strs []string) []string {
	out := make([]string, r.IntN(4))
	for i := range out {
		out[i] = strs[r.IntN(len(strs))]
	}
	return out
}

// structFailures is validator's Struct on item, the failures at field
// goName or inside it, named from there.
func structFailures(t *testing.T, v *validator.Validate, item any, goName string) []string {
	t.Helper()
	err := v.Struct(item)
	var ves validator.ValidationErrors
	if err != nil && !errors.As(err, &ves) {
		t.Fatal(err)
	}
	place := fmt.Sprintf("%s.%s", reflect.TypeOf(item).Elem().Name(), goName)
	var out []string
	for _, fe := range ves {
		ns := fe.StructNamespace()
		if ns == place || strings.HasPrefix(ns, place+".") || strings.HasPrefix(ns, place+"[") {
			out = append(out, ns[len(place):]+" "+fe.Tag())
		}
	}
	slices.Sort(out)
	return out
}

// profileValues generates values for each top-level field of Profile, by Go
// name.
func profileValues(r *rand.Rand) map[string]func() any {
	strs := []string{"", "x", "ok", "open", "shipped", "longer text"}
	return map[string]func() any{
		"Name":   func() any { return strs[r.IntN(len(strs))] },
		"Level":  func() any { return r.IntN(12) - 1 },
		"Ratio":  func() any { return float32(r.IntN(4)) * 0.05 },
		"Note":   func() any { s := strs[r.IntN(len(strs))]; return []*string{nil, &s}[r.IntN(2)] },
		"Tags":   func() any { return randStrings(r, strs) },
		"Labels": func() any { return randStrings(r, strs) },
		"Attrs": func() any {
			m := map[string]string{}
			for range r.IntN(3) {
				m[strs[r.IntN(len(strs))]] = strs[r.IntN(len(strs))]
			}
			return m
		},
		"Parts": func() any {
			ps := make([]Part, r.IntN(3))
			for i := range ps {
				ps[i] = Part{SKU: strs[r.IntN(len(strs))], Qty: r.IntN(3)}
			}
			return ps
		},
		"Grid":   func() any { return [][]int{{r.IntN(2)}, {r.IntN(2), 1}}[:r.IntN(3)] },
		"Main":   func() any { return []*Part{nil, {}, {SKU: "ok", Qty: 2}}[r.IntN(3)] },
		"Any":    func() any { return []any{nil, "x", Part{}, &Part{SKU: "ok", Qty: 1}}[r.IntN(4)] },
		"Status": func() any { return strs[r.IntN(len(strs))] },
	}
}

// TestSetsTogetherMatchValidatorDifferential holds the verdict on updates
// that Set several top-level attributes at once, over generated values, to
// validator's Struct on a Profile holding all of them (failures at those
// attributes only): the values an update writes are validated together, as
// they sit in the item it leaves.
func TestSetsTogetherMatchValidatorDifferential(t *testing.T) {
	tbl := profiles(t)
	v := validator.New(validator.WithRequiredStructEnabled())
	r := rand.New(rand.NewPCG(7, 3))
	gen := profileValues(r)
	names := slices.Sorted(maps.Keys(gen))
	attrOf := map[string]string{}
	for _, a := range tbl.Meta().Attributes() {
		attrOf[a.GoName] = a.Name
	}
	checked := 0
	for range 400 {
		picked := slices.Clone(names)
		r.Shuffle(len(picked), func(i, j int) { picked[i], picked[j] = picked[j], picked[i] })
		picked = picked[:1+r.IntN(4)]
		item := &Profile{}
		u := update.New(tbl, entity.NewKey("p1"))
		var want []string
		for _, goName := range picked {
			val := gen[goName]()
			if val != nil {
				reflect.ValueOf(item).Elem().FieldByName(goName).Set(reflect.ValueOf(val))
			}
			u = u.Set(cond.Name(attrOf[goName]), val)
		}
		for _, goName := range picked {
			for _, f := range structFailures(t, v, item, goName) {
				want = append(want, "Profile."+goName+f)
			}
		}
		_, err := u.Input()
		if err != nil && !errors.Is(err, entity.ErrValidation) {
			continue // a value the attribute cannot store (an empty set)
		}
		got := failing(t, err)
		slices.Sort(got)
		slices.Sort(want)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Set %v: library %q, validator %q", picked, got, want)
		}
		checked++
	}
	t.Logf("%d updates checked", checked)
}

// Window has a cross-field rule: its end follows its start.
type Window struct {
	entity.Model `ddb:"table=windows"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Start        int    `dynamodbav:"start" validate:"gte=0"`
	End          int    `dynamodbav:"end" validate:"gtfield=Start"`
	Label        string `dynamodbav:"label" validate:"required"`
}

// TestCrossFieldRulesSeeTheOtherWrittenValues: a cross-field rule on a
// written field is judged against the other values the same update writes,
// as it would be on the item the update leaves; a field the update does not
// write is compared as its zero value.
func TestCrossFieldRulesSeeTheOtherWrittenValues(t *testing.T) {
	tbl, err := entity.NewTable[Window]((*dynamodb.Client)(nil), entity.TableName("offline-windows"))
	if err != nil {
		t.Fatal(err)
	}
	k := entity.NewKey("w1")
	cases := []struct {
		name string
		u    *update.Update[Window]
		want []string
	}{
		{"end alone, after the zero start", update.New(tbl, k).Set(cond.Name("end"), 5), nil},
		{"end before the start written with it", update.New(tbl, k).Set(cond.Name("start"), 10).Set(cond.Name("end"), 5), []string{"end gtfield"}},
		{"end after the start written with it", update.New(tbl, k).Set(cond.Name("end"), 11).Set(cond.Name("start"), 10), nil},
		{"end before the start, and an empty label", update.New(tbl, k).Set(cond.Name("start"), 3).Set(cond.Name("end"), 3).Set(cond.Name("label"), ""), []string{"end gtfield", "label required"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.u.Input()
			var got []string
			var ve *entity.ValidationError
			if err != nil {
				if !errors.As(err, &ve) {
					t.Fatalf("error %v, want a *entity.ValidationError", err)
				}
				for _, f := range ve.Fields {
					got = append(got, f.Attribute+" "+f.Tag)
				}
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("failing %q, want %q (error %v)", got, tc.want, err)
			}
		})
	}
	// A Remove that a value written with it makes invalid is refused.
	_, err = update.New(tbl, k).Set(cond.Name("end"), -1).Remove(cond.Name("start")).Input()
	if !errors.As(err, new(*entity.ValidationError)) {
		t.Fatalf("end -1 with start removed: %v, want a validation error", err)
	}
}

// namedTags is a list type of its own: appending it takes ValidateElems's
// element-by-element path, where a []string is checked as one list.
type namedTags []string

// TestAppendMatchesValidatorDifferential holds Append's verdict on the
// lists of Profile, over generated elements, to validator's Struct on a
// Profile whose list holds just those elements (failures inside the
// elements only: the list's own rules, its length, are not a partial
// write's to judge), and the verdict on a []string to the one on the same
// strings as another list type.
func TestAppendMatchesValidatorDifferential(t *testing.T) {
	tbl := profiles(t)
	v := validator.New(validator.WithRequiredStructEnabled())
	r := rand.New(rand.NewPCG(11, 4))
	gen := profileValues(r)
	attrOf := map[string]string{}
	for _, a := range tbl.Meta().Attributes() {
		attrOf[a.GoName] = a.Name
	}
	checked := 0
	for range 300 {
		for _, goName := range []string{"Tags", "Parts", "Grid"} {
			val := gen[goName]()
			if reflect.ValueOf(val).Len() == 0 {
				continue
			}
			item := &Profile{}
			reflect.ValueOf(item).Elem().FieldByName(goName).Set(reflect.ValueOf(val))
			var want []string
			for _, f := range structFailures(t, v, item, goName) {
				if strings.HasPrefix(f, "[") {
					want = append(want, "Profile."+goName+f)
				}
			}
			_, err := update.New(tbl, entity.NewKey("p1")).Append(cond.Name(attrOf[goName]), val).Input()
			got := failing(t, err)
			slices.Sort(got)
			slices.Sort(want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("Append(%s, %#v): library %q, validator %q", goName, val, got, want)
			}
			if tags, ok := val.([]string); ok {
				_, err := update.New(tbl, entity.NewKey("p1")).Append(cond.Name("tags"), namedTags(tags)).Input()
				other := failing(t, err)
				slices.Sort(other)
				if !reflect.DeepEqual(other, got) {
					t.Fatalf("Append(tags, %q): %q as []string, %q as another list type", tags, got, other)
				}
			}
			checked++
		}
	}
	t.Logf("%d appends checked", checked)
}
