package bench

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/go-playground/validator/v10"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/update"
)

// Every write dynamodel builds is validated by go-playground/validator, and
// the requests the SDK side builds are not validated at all. To tell how
// much of a request's building time is validator's, the "validator"
// sub-benchmarks of BuildUpdate and BuildTransaction make exactly the
// validator calls dynamodel's builders make for the same request, on the
// same values, and nothing else:
//
//   - the update's Set(status) and Remove(note) are validated together: one
//     StructFiltered call on a Shipment holding the written values (status
//     "in_transit", note at the zero value a Remove leaves), whose filter
//     keeps the fields on the way to Shipment.Status and Shipment.Note;
//   - its Append(events) is validated as the list of a one-field struct
//     tagged with the events' rules from dive on: one Struct call;
//   - its Increment, numeric Add and DeleteFromSet are not validator's
//     (the update checks a number's kind and range, and a set's type);
//   - each of the transaction's four Puts is one Struct call on the order,
//     and each of its three updates one StructFiltered call on a Shipment
//     holding the status it sets; its Deletes and Check are not validated.
//
// The validator is configured as the model's default one is. Like the
// library, these reuse one scratch Shipment and one wrapper value (the
// library takes them from a pool) and zero them after each call.
// TestValidatorAloneMatchesTheLibrary checks that these calls reach the
// verdicts the library reaches, on the same fields.

// validatorAlone holds what the validator calls need.
type validatorAlone struct {
	v *validator.Validate
	// shipment is the scratch value partial writes of a Shipment are
	// placed in.
	shipment *Shipment
	// events is a *struct{ V []Event `validate:"dive"` }: the wrapper an
	// Append to Shipment.Events is validated in.
	events reflect.Value
	// setAndRemove keeps Shipment.Status and Shipment.Note; setStatus
	// keeps Shipment.Status.
	setAndRemove, setStatus validator.FilterFunc
}

func newValidatorAlone() *validatorAlone {
	wrapper := reflect.StructOf([]reflect.StructField{{
		Name: "V",
		Type: reflect.TypeFor[[]Event](),
		Tag:  `validate:"dive"`,
	}})
	return &validatorAlone{
		v:            validator.New(validator.WithRequiredStructEnabled()),
		shipment:     &Shipment{},
		events:       reflect.New(wrapper),
		setAndRemove: keepPaths("Shipment.Status", "Shipment.Note"),
		setStatus:    keepPaths("Shipment.Status"),
	}
}

// update makes the validator calls of dynamodelUpdate: written is the
// verdict on the values set and removed, appended the one on the events
// appended.
func (a *validatorAlone) update(status string, events []Event) (written, appended error) {
	a.shipment.Status = status // Note stays nil, as Remove leaves it
	written = a.v.StructFiltered(a.shipment, a.setAndRemove)
	*a.shipment = Shipment{}
	a.events.Elem().Field(0).Set(reflect.ValueOf(events))
	appended = a.v.Struct(a.events.Interface())
	a.events.Elem().SetZero()
	return written, appended
}

// transaction makes the validator calls of dynamodelTransaction.
func (a *validatorAlone) transaction(f *txnFixture) error {
	for i := range f.puts {
		if err := a.v.Struct(&f.puts[i]); err != nil {
			return err
		}
	}
	for range f.updates {
		a.shipment.Status = "in_transit"
		err := a.v.StructFiltered(a.shipment, a.setStatus)
		*a.shipment = Shipment{}
		if err != nil {
			return err
		}
	}
	return nil
}

// keepPaths is the filter the library hands StructFiltered for values
// written at targets (validator namespaces): it keeps the fields that lead
// to a target or lie within one.
func keepPaths(targets ...string) validator.FilterFunc {
	return func(ns []byte) bool {
		for _, t := range targets {
			if onPath(ns, t) {
				return false
			}
		}
		return true
	}
}

func onPath(ns []byte, target string) bool {
	if len(ns) >= len(target) {
		return string(ns[:len(target)]) == target &&
			(len(ns) == len(target) || ns[len(target)] == '.' || ns[len(target)] == '[')
	}
	return target[:len(ns)] == string(ns) && (target[len(ns)] == '.' || target[len(ns)] == '[')
}

// TestValidatorAloneMatchesTheLibrary holds the validator calls the
// "validator" sub-benchmarks make to the library's own validation of the
// same requests: both accept the benchmarks' values, and both refuse the
// same fields, with the same rules, when a value is made invalid. (A
// failing field's Field is validator's namespace, so the two compare
// directly; the wrapper's list V stands for Shipment.Events.)
func TestValidatorAloneMatchesTheLibrary(t *testing.T) {
	shipments, orders := buildTables(t)
	a := newValidatorAlone()

	aloneFields := func(errs ...error) []string {
		var out []string
		for _, err := range errs {
			var ves validator.ValidationErrors
			if err != nil && !errors.As(err, &ves) {
				t.Fatal(err)
			}
			for _, fe := range ves {
				ns := fe.StructNamespace()
				if rest, ok := strings.CutPrefix(ns, "V["); ok {
					ns = "Shipment.Events[" + rest
				}
				out = append(out, ns+" "+fe.Tag())
			}
		}
		return out
	}
	libraryFields := func(err error) []string {
		if err == nil {
			return nil
		}
		var ve *entity.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("library: %v, want a *entity.ValidationError", err)
		}
		var out []string
		for _, f := range ve.Fields {
			out = append(out, f.Field+" "+f.Tag)
		}
		return out
	}

	for _, tc := range []struct {
		name   string
		status string
		events []Event
		want   []string
	}{
		{"the benchmark's values", "in_transit", pickedEvents, nil},
		{"a status not allowed", "lost", pickedEvents, []string{"Shipment.Status oneof"}},
		{"an event without a code", "in_transit", []Event{{At: "2024-05-17T08:14:00Z"}}, []string{"Shipment.Events[0].Code required"}},
	} {
		t.Run("update: "+tc.name, func(t *testing.T) {
			alone := aloneFields(a.update(tc.status, tc.events))
			_, err := update.New(shipments, entity.NewKey("s-1001")).
				Set(cond.Name("status"), tc.status).
				Increment(cond.Name("attempts"), 1).
				Append(cond.Name("events"), tc.events).
				Remove(cond.Name("note")).
				Add(cond.Name("scans"), 1).
				DeleteFromSet(cond.Name("labels"), []string{"hold"}).
				If(cond.Name("attempts").Lt(5)).
				Input()
			if lib := libraryFields(err); !slices.Equal(alone, tc.want) || !slices.Equal(lib, tc.want) {
				t.Fatalf("validator alone %q, library %q, want %q", alone, lib, tc.want)
			}
		})
	}

	f := newTxnFixture()
	if err := a.transaction(f); err != nil {
		t.Fatalf("transaction, validator alone: %v", err)
	}
	if _, err := dynamodelTransaction(f, shipments, orders); err != nil {
		t.Fatalf("transaction, library: %v", err)
	}
	f.puts[2].Status = "lost"
	alone := aloneFields(a.transaction(f))
	_, err := dynamodelTransaction(f, shipments, orders)
	if want := []string{"Order.Status oneof"}; !slices.Equal(alone, want) || !slices.Equal(libraryFields(err), want) {
		t.Fatalf("transaction with an invalid order: validator alone %q, library %q (%v), want %q", alone, libraryFields(err), err, want)
	}
}
