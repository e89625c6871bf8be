// Package outcome tells whether a request the SDK sent may have been
// applied by DynamoDB although its response never arrived.
//
// The SDK retries a request whose response was lost (a reset connection, a
// timeout, a 5xx). When the lost attempt had been applied, the retry runs
// against the request's own effect: a conditional write then fails its
// condition, an unconditional increment is applied twice. Attempts records
// every attempt of one call so the caller can tell "my condition was false"
// (no attempt may have been applied) from "an earlier attempt of mine may be
// why it is false".
package outcome

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/smithy-go/middleware"
)

// Attempts records the attempts of one call. Its zero value is ready; use
// one per call. Attempts of one call are sequential, so it needs no lock.
// A nil *Attempts records nothing and reports no attempt that may have
// been applied.
type Attempts struct {
	sent int
	// maybe is set when an attempt went out and no answer from DynamoDB
	// says it was refused.
	maybe bool
}

// middlewareID names the recording step in the SDK's middleware stack.
const middlewareID = "dynamodel.outcome.Attempts"

// Track is an option for an SDK call (pass a.Track among its optFns): it
// records every attempt the call sends.
func (a *Attempts) Track(o *dynamodb.Options) {
	if a == nil {
		return
	}
	o.APIOptions = append(o.APIOptions, a.addStep)
}

// TrackWithoutUnsafeRetries is Track for a request that must not be sent
// again once an attempt may have been applied (an increment, say): the SDK
// still retries refusals (throttling, a connection that never opened), but
// no longer an attempt whose fate is unknown.
func (a *Attempts) TrackWithoutUnsafeRetries(o *dynamodb.Options) {
	if a == nil {
		return
	}
	a.Track(o)
	if o.Retryer != nil {
		o.Retryer = safeRetryer{o.Retryer}
	}
}

// addStep puts the recording step last in the Finalize step, after the
// retry loop and the signing: it runs once per attempt, just before the
// request is handed to the HTTP client.
func (a *Attempts) addStep(s *middleware.Stack) error {
	return s.Finalize.Add(middleware.FinalizeMiddlewareFunc(middlewareID, a.handle), middleware.After)
}

func (a *Attempts) handle(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	a.sent++
	out, md, err := next.HandleFinalize(ctx, in)
	if MayHaveApplied(err) {
		a.maybe = true
	}
	return out, md, err
}

// Sent is the number of attempts handed to the HTTP client.
func (a *Attempts) Sent() int {
	if a == nil {
		return 0
	}
	return a.sent
}

// MayHaveApplied reports whether an attempt went out without an answer
// from DynamoDB saying it was refused: DynamoDB may have applied it.
func (a *Attempts) MayHaveApplied() bool { return a != nil && a.maybe }

// MayHaveApplied reports whether err, the result of one attempt that was
// handed to the HTTP client, leaves open whether DynamoDB applied the
// request. A response with a 4xx status is a refusal (a false condition,
// throttling, a validation error); a connection that could not be opened
// sent nothing. Everything else (a 5xx, which DynamoDB documents as "may
// or may not have been applied", a connection lost after the request was
// written, a response that could not be read, a cancelled context) may
// have been applied.
func MayHaveApplied(err error) bool {
	if err == nil {
		return false // answered: the caller sees the outcome
	}
	var status interface{ HTTPStatusCode() int }
	if errors.As(err, &status) && status.HTTPStatusCode() != 0 {
		return status.HTTPStatusCode() >= 500
	}
	var op *net.OpError
	if errors.As(err, &op) && strings.EqualFold(op.Op, "dial") {
		return false
	}
	return true
}

// safeRetryer lets the SDK retry only attempts that were certainly not
// applied.
type safeRetryer struct{ aws.Retryer }

func (r safeRetryer) IsErrorRetryable(err error) bool {
	return !MayHaveApplied(err) && r.Retryer.IsErrorRetryable(err)
}

// GetAttemptToken keeps the wrapped retryer's per-attempt token when it
// has one (aws.RetryerV2).
func (r safeRetryer) GetAttemptToken(ctx context.Context) (func(error) error, error) {
	if v2, ok := r.Retryer.(aws.RetryerV2); ok {
		return v2.GetAttemptToken(ctx)
	}
	return r.Retryer.GetInitialToken(), nil
}

var _ aws.RetryerV2 = safeRetryer{}
