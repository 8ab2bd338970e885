-- wrk: client_credentials at the token endpoint with client_secret_basic.
-- Env: CLIENT_ID, CLIENT_SECRET, SCOPE.
local id = os.getenv("CLIENT_ID") or "bench-client"
local secret = os.getenv("CLIENT_SECRET") or "bench-secret-0123456789abcdef0123456789abcdef"
local scope = os.getenv("SCOPE") or "api:read"
local function base64(s)
  local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = 2 + (b and 1 or 0) + (c and 1 or 0)
    for j = 1, 4 do
      if j <= chars then
        local k = math.floor(n / 64 ^ (4 - j)) % 64
        out[#out + 1] = alphabet:sub(k + 1, k + 1)
      else
        out[#out + 1] = "="
      end
    end
  end
  return table.concat(out)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. base64(id .. ":" .. secret)
wrk.body = "grant_type=client_credentials&scope=" .. scope:gsub(":", "%%3A"):gsub(" ", "+")
