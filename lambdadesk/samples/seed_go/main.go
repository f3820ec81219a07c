// The seed flow's function in Go, as a provided.al2023 bootstrap, with only the standard library:
// API Gateway -> store the body in Redis under the request id -> publish the id to SNS -> 200 (400 on an empty body).
// It speaks the Lambda Runtime API itself, Redis's RESP protocol, and SNS's query API signed with SigV4.
package main

import (
	"bufio"
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
)

type proxyRequest struct {
	Body            string `json:"body"`
	IsBase64Encoded bool   `json:"isBase64Encoded"`
	RequestContext  struct {
		RequestID string `json:"requestId"`
	} `json:"requestContext"`
}

type proxyResponse struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers,omitempty"`
	Body       string            `json:"body"`
}

func main() {
	api := "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/"
	for {
		next, err := http.Get(api + "next")
		if err != nil {
			fmt.Fprintln(os.Stderr, "runtime API unreachable:", err)
			os.Exit(1)
		}
		event, _ := io.ReadAll(next.Body)
		next.Body.Close()
		invocationID := next.Header.Get("Lambda-Runtime-Aws-Request-Id")
		response, err := handle(event, invocationID)
		if err != nil {
			failure, _ := json.Marshal(map[string]string{"errorMessage": err.Error(), "errorType": "SeedError"})
			post(api+invocationID+"/error", failure)
			continue
		}
		reply, _ := json.Marshal(response)
		post(api+invocationID+"/response", reply)
	}
}

func post(target string, body []byte) {
	if resp, err := http.Post(target, "application/json", bytes.NewReader(body)); err == nil {
		resp.Body.Close()
	}
}

func handle(event []byte, invocationID string) (proxyResponse, error) {
	var request proxyRequest
	if err := json.Unmarshal(event, &request); err != nil {
		return proxyResponse{}, fmt.Errorf("the event is not an API Gateway proxy request: %w", err)
	}
	body := request.Body
	if request.IsBase64Encoded && body != "" {
		decoded, err := base64.StdEncoding.DecodeString(body)
		if err != nil {
			return proxyResponse{}, err
		}
		body = string(decoded)
	}
	if body == "" {
		return proxyResponse{StatusCode: 400, Body: `{"error": "empty request body"}`}, nil
	}
	id := request.RequestContext.RequestID
	if id == "" {
		id = invocationID
	}
	if err := redisSet(redisAddress(), id, body); err != nil {
		return proxyResponse{}, fmt.Errorf("redis: %w", err)
	}
	if err := snsPublish(os.Getenv("SNS_TOPIC_ARN"), id); err != nil {
		return proxyResponse{}, fmt.Errorf("sns: %w", err)
	}
	fmt.Println("stored the body under", id, "and published it")
	return proxyResponse{StatusCode: 200, Headers: map[string]string{"Content-Type": "application/json"},
		Body: fmt.Sprintf(`{"requestId": %q}`, id)}, nil
}

func redisAddress() string {
	if address := os.Getenv("REDIS_SERVER_ADDRESS"); address != "" {
		return address
	}
	return os.Getenv("REDIS_HOST") + ":" + os.Getenv("REDIS_PORT")
}

// redisSet sends SET key value in RESP and expects +OK.
func redisSet(address, key, value string) error {
	conn, err := net.DialTimeout("tcp", address, 5*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	command := fmt.Sprintf("*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", len(key), key, len(value), value)
	if _, err := conn.Write([]byte(command)); err != nil {
		return err
	}
	reply, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(reply, "+OK") {
		return fmt.Errorf("unexpected reply %q", strings.TrimSpace(reply))
	}
	return nil
}

// snsPublish calls SNS Publish through the query API, signed with Signature Version 4.
func snsPublish(topicArn, message string) error {
	endpoint := os.Getenv("AWS_ENDPOINT_URL")
	region := os.Getenv("AWS_REGION")
	if endpoint == "" {
		endpoint = "https://sns." + region + ".amazonaws.com"
	}
	form := url.Values{"Action": {"Publish"}, "Version": {"2010-03-31"}, "TopicArn": {topicArn}, "Message": {message}}
	body := form.Encode()
	request, err := http.NewRequest("POST", endpoint+"/", strings.NewReader(body))
	if err != nil {
		return err
	}
	request.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sign(request, []byte(body), region, "sns")
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		return err
	}
	defer response.Body.Close()
	if response.StatusCode != 200 {
		detail, _ := io.ReadAll(response.Body)
		return fmt.Errorf("HTTP %d: %s", response.StatusCode, detail)
	}
	return nil
}

func sign(request *http.Request, body []byte, region, service string) {
	now := time.Now().UTC()
	amzDate, day := now.Format("20060102T150405Z"), now.Format("20060102")
	request.Header.Set("X-Amz-Date", amzDate)
	if token := os.Getenv("AWS_SESSION_TOKEN"); token != "" {
		request.Header.Set("X-Amz-Security-Token", token)
	}
	signed := "content-type;host;x-amz-date"
	canonical := strings.Join([]string{"POST", "/", "", "content-type:" + request.Header.Get("Content-Type"),
		"host:" + request.URL.Host, "x-amz-date:" + amzDate, "", signed, hexSHA256(body)}, "\n")
	scope := day + "/" + region + "/" + service + "/aws4_request"
	toSign := strings.Join([]string{"AWS4-HMAC-SHA256", amzDate, scope, hexSHA256([]byte(canonical))}, "\n")
	key := []byte("AWS4" + os.Getenv("AWS_SECRET_ACCESS_KEY"))
	for _, part := range []string{day, region, service, "aws4_request"} {
		key = hmacSHA256(key, part)
	}
	request.Header.Set("Authorization", fmt.Sprintf("AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		os.Getenv("AWS_ACCESS_KEY_ID"), scope, signed, hex.EncodeToString(hmacSHA256(key, toSign))))
}

func hmacSHA256(key []byte, data string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return mac.Sum(nil)
}

func hexSHA256(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
