-- wrk script: DirectLogin logins, POST /my/logins/direct without a body. The credentials header
-- (DirectLogin: username=U, password=P, consumer_key=K) comes from wrk's -H option.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
