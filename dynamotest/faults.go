package dynamotest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

// Fault is what a [Faults] transport does to one request.
type Fault int

const (
	// Pass sends the request and returns DynamoDB's response.
	Pass Fault = iota
	// LoseResponse sends the request, so DynamoDB applies it, then
	// discards the response and returns a connection reset: the network
	// failure after which a retry runs against the request's own effect.
	LoseResponse
	// LoseRequest returns a connection reset without sending the request.
	LoseRequest
	// Throttle answers, without sending the request, with HTTP 400
	// ThrottlingException.
	Throttle
	// ServerError answers, without sending the request, with HTTP 500
	// InternalServerError.
	ServerError
)

func (f Fault) String() string {
	switch f {
	case Pass:
		return "Pass"
	case LoseResponse:
		return "LoseResponse"
	case LoseRequest:
		return "LoseRequest"
	case Throttle:
		return "Throttle"
	case ServerError:
		return "ServerError"
	}
	return fmt.Sprintf("Fault(%d)", int(f))
}

// FaultPlan says which requests a [Faults] transport disturbs. Decisions
// are taken in the order requests arrive, from a generator seeded with
// Seed, so a sequential program sees the same faults on every run (and a
// concurrent one the same sequence of decisions).
type FaultPlan struct {
	// Fault is what happens to a disturbed request.
	Fault Fault
	// Rate is the share of requests disturbed, from 0 to 1.
	Rate float64
	// Seed seeds the decisions.
	Seed uint64
	// Operations limits the plan to these DynamoDB operations (such as
	// "PutItem"); empty means every operation.
	Operations []string
	// Script, when set, decides the first len(Script) requests the plan
	// applies to, in order; Rate decides the ones after.
	Script []Fault
}

// Faults is an http.RoundTripper that forwards requests to the next one
// and disturbs some of them as its plan says: a test kit for what a
// library does when DynamoDB throttles, fails, or its answers are lost.
// It is safe for concurrent use.
type Faults struct {
	next http.RoundTripper
	plan FaultPlan

	mu       sync.Mutex
	rng      *rand.Rand
	matched  int
	requests int
	injected map[Fault]int
}

// NewFaults returns a transport that disturbs requests as plan says and
// forwards them through next (http.DefaultTransport when nil).
func NewFaults(next http.RoundTripper, plan FaultPlan) *Faults {
	if next == nil {
		next = http.DefaultTransport
	}
	return &Faults{
		next:     next,
		plan:     plan,
		rng:      rand.New(rand.NewPCG(plan.Seed, 0x9e3779b97f4a7c15)),
		injected: map[Fault]int{},
	}
}

// targetPrefix starts the X-Amz-Target header of DynamoDB requests.
const targetPrefix = "DynamoDB_20120810."

// decide picks the fault for a request to operation op.
func (f *Faults) decide(op string) Fault {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests++
	if len(f.plan.Operations) > 0 && !contains(f.plan.Operations, op) {
		return Pass
	}
	n := f.matched
	f.matched++
	fault := Pass
	switch {
	case n < len(f.plan.Script):
		fault = f.plan.Script[n]
	case f.rng.Float64() < f.plan.Rate:
		fault = f.plan.Fault
	}
	if fault != Pass {
		f.injected[fault]++
	}
	return fault
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// RoundTrip implements http.RoundTripper.
func (f *Faults) RoundTrip(req *http.Request) (*http.Response, error) {
	op := strings.TrimPrefix(req.Header.Get("X-Amz-Target"), targetPrefix)
	switch f.decide(op) {
	case LoseRequest:
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, connectionReset("write")
	case Throttle:
		if req.Body != nil {
			req.Body.Close()
		}
		return errorResponse(req, http.StatusBadRequest, "com.amazonaws.dynamodb.v20120810#ThrottlingException", "Rate of requests exceeds the allowed throughput (injected)"), nil
	case ServerError:
		if req.Body != nil {
			req.Body.Close()
		}
		return errorResponse(req, http.StatusInternalServerError, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error (injected)"), nil
	case LoseResponse:
		resp, err := f.next.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		// Read the answer to the end, so DynamoDB has finished with the
		// request and the connection can be reused, and drop it.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return nil, connectionReset("read")
	}
	return f.next.RoundTrip(req)
}

// connectionReset is the error of a connection reset by the peer.
func connectionReset(op string) error {
	return &net.OpError{Op: op, Net: "tcp", Err: syscall.ECONNRESET}
}

func errorResponse(req *http.Request, status int, code, message string) *http.Response {
	body := fmt.Sprintf(`{"__type":%q,"message":%q}`, code, message)
	return &http.Response{
		Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/x-amz-json-1.0"}, "X-Amzn-Requestid": {"injected"}},
		Body:          io.NopCloser(bytes.NewReader([]byte(body))),
		ContentLength: int64(len(body)),
		Request:       req,
	}
}

// FaultStats counts what a Faults transport saw.
type FaultStats struct {
	// Requests is every request, disturbed or not.
	Requests int
	// Injected counts the disturbed requests by fault.
	Injected map[Fault]int
}

// Stats returns the counts so far.
func (f *Faults) Stats() FaultStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := FaultStats{Requests: f.requests, Injected: make(map[Fault]int, len(f.injected))}
	for k, v := range f.injected {
		s.Injected[k] = v
	}
	return s
}

// Client returns a client for endpoint whose requests go through f, with
// retries fit for a test: up to maxAttempts attempts per call, a few
// milliseconds apart (the SDK's default waits up to seconds).
func (f *Faults) Client(endpoint string, maxAttempts int) *dynamodb.Client {
	return NewClient(endpoint, func(o *dynamodb.Options) {
		o.HTTPClient = &http.Client{Transport: f}
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = maxAttempts
			so.RateLimiter = ratelimit.None
			so.Backoff = retry.BackoffDelayerFunc(func(attempt int, _ error) (time.Duration, error) {
				return time.Duration(attempt) * time.Millisecond, nil
			})
		})
	})
}

// FaultClient returns a client for the DynamoDB the tests share (see
// [Client]) whose requests go through a new Faults transport that follows
// plan, with up to 8 attempts per call a few milliseconds apart.
func FaultClient(t testing.TB, plan FaultPlan) (*dynamodb.Client, *Faults) {
	t.Helper()
	f := NewFaults(nil, plan)
	return f.Client(SharedEndpoint(t), 8), f
}
