echo héllo 'ü' "日本"
echo \é
