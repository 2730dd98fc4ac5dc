-- wrk script: POST /v1/reports/found with a patrol officer's token (CS_TOKEN) and a JSON found
-- report, optionally with a base64 photo read from CS_PHOTO_B64_FILE.
local token = os.getenv("CS_TOKEN") or ""
local photo = ""
local path = os.getenv("CS_PHOTO_B64_FILE")
if path and path ~= "" then
  local f = io.open(path, "r")
  if f then
    photo = f:read("*a"):gsub("%s", "")
    f:close()
  end
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
local photos = ""
if photo ~= "" then
  photos = ',"photos":[{"data":"' .. photo .. '"}]'
end
wrk.body = '{"report":{"foundZoneId":"penguin","foundAt":"2026-02-17T06:40:00Z",' ..
  '"heldAt":"走失儿童中心","child":{"sex":"SEX_MALE","ageMin":4,"ageMax":6,"heightCm":105,' ..
  '"clothing":{"top":{"description":"红色外套","colours":["红"]},' ..
  '"shoes":{"description":"蓝色运动鞋","colours":["蓝"]}}}}' .. photos .. '}'
