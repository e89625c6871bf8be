package update

import (
	"errors"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/avequal"
	"github.com/dynamodel/dynamodel/internal/expr"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/internal/outcome"
)

// An UpdateItem whose response was lost is sent again by the SDK. What the
// second request does depends on the update:
//
//   - with IfVersion, the lock version is part of the condition and of the
//     SET, so a retry after our own write fails its condition: the write is
//     recognised from the item returned with the failure, or reported as
//     ErrOutcomeUnknown;
//   - without it, an update that only sets, removes, or adds and deletes
//     set elements leaves the same item however often it is applied, so the
//     SDK may retry it (a lock version advanced without IfVersion may then
//     advance twice, which only makes holders of the older version re-read);
//   - an update whose effect adds up (Increment, numeric Add, Append,
//     Prepend) is not sent again once an attempt may have been applied: Run
//     returns ErrOutcomeUnknown instead of applying it twice.

// retryOption picks how the SDK may retry this update.
func (u *Update[T]) retryOption(attempts *outcome.Attempts) func(*dynamodb.Options) {
	if u.lockWant != nil || u.repeatable() {
		return attempts.Track
	}
	return attempts.TrackWithoutUnsafeRetries
}

// repeatable reports whether applying the update twice leaves the item as
// applying it once does.
func (u *Update[T]) repeatable() bool {
	for _, a := range u.actions {
		switch a.kind {
		case actIncrement, actAppend, actPrepend, actAdd:
			// (An Add to a set is repeatable, but which Adds are to
			// sets is known only from the shape; treat all as not.)
			return false
		}
	}
	return true
}

// lostResponse decides an update that failed after an attempt whose
// response was lost: when the item returned with a false condition is
// exactly what this update leaves, the lost attempt was ours and Run
// succeeds; otherwise the outcome is unknown.
func (u *Update[T]) lostResponse(in *dynamodb.UpdateItemInput, roots []string, err error) (*Result[T], error) {
	var ccf *types.ConditionalCheckFailedException
	if !errors.As(err, &ccf) || len(ccf.Item) == 0 || !u.leaves(ccf.Item) {
		return nil, model.TableOf(u.table).OutcomeUnknown("UpdateItem", in.Key, err)
	}
	res := &Result[T]{Recovered: true}
	switch u.ret {
	case types.ReturnValueAllNew:
		res.Raw = ccf.Item
		res.Item = new(T)
		if err := model.Of(u.meta).Decode(u.table.Name(), ccf.Item, res.Item, model.DecodeOptions{}); err != nil {
			return nil, err
		}
	case types.ReturnValueUpdatedNew:
		res.Raw = make(map[string]types.AttributeValue, len(roots))
		for _, r := range roots {
			if av, ok := ccf.Item[r]; ok {
				res.Raw[r] = av
			}
		}
		res.Item = new(T)
		if err := model.Of(u.meta).Decode(u.table.Name(), res.Raw, res.Item, model.DecodeOptions{Projected: roots, NoMetadata: true}); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// leaves reports whether cur is certainly the item this update leaves. That
// can be told only when every action writes a value known in advance: a Set
// or a Remove of a top-level attribute. The lock version must be the one
// IfVersion writes; without IfVersion it is not known, nor is whether
// another writer made the same change, so such an update is recognised
// only by the values it writes.
func (u *Update[T]) leaves(cur map[string]types.AttributeValue) bool {
	s, err := u.shapeOf()
	if err != nil {
		return false
	}
	b := expr.NewBuilder(nil)
	acts := u.actions
	for i := range acts {
		a := &acts[i]
		if a.path.IsNested() {
			return false
		}
		got, present := cur[a.path.Root()]
		switch a.kind {
		case actSet:
			want, err := u.encodeAt(b, a, &s.infos[i])
			if err != nil || !present || !avequal.Equal(got, want) {
				return false
			}
		case actRemove:
			if present {
				return false
			}
		default:
			return false
		}
	}
	for _, tp := range s.templates {
		want, err := u.renderTemplate(tp)
		if err != nil || !avequal.Equal(cur[tp.Attribute], want) {
			return false
		}
	}
	for _, lv := range s.libValues {
		if lv.kind == libLockNext {
			lock, _ := model.Of(u.meta).LockAttribute()
			v, ok := cur[lock.Name].(*types.AttributeValueMemberN)
			if !ok || !avequal.Numbers(v.Value, strconv.FormatInt(*u.lockWant+1, 10)) {
				return false
			}
		}
	}
	return true
}
