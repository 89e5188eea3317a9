<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="ja_JP">
<context>
    <name>AboutDialog</name>
    <message>
        <source>crmdesk について</source>
        <translation>About crmdesk</translation>
    </message>
    <message>
        <source>バージョン %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>お店の顧客カード・顧客カルテ。お客様の記録、フォローの予定、お手紙の印刷。</source>
        <translation>The store&apos;s customer cards: customer records, follow-up plans and printed letters.</translation>
    </message>
    <message>
        <source>同梱フォント</source>
        <translation>Bundled fonts</translation>
    </message>
    <message>
        <source>ライブラリ</source>
        <translation>Libraries</translation>
    </message>
    <message>
        <source>名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>バージョン</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>ライセンス</source>
        <translation>Licence</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>データベースを開いています…</source>
        <translation>Opening the database…</translation>
    </message>
    <message>
        <source>開けません</source>
        <translation>Cannot open</translation>
    </message>
    <message>
        <source>データベースを開けませんでした。

{message}</source>
        <translation>The database could not be opened.

{message}</translation>
    </message>
    <message>
        <source>デモ店舗</source>
        <translation>Demo store</translation>
    </message>
    <message>
        <source>デモ店舗を起動できませんでした。</source>
        <translation>The demo store could not be started.</translation>
    </message>
    <message>
        <source>デモ店舗を準備しています（お客様{count}人）…</source>
        <translation>Preparing the demo store ({count} customers)…</translation>
    </message>
    <message>
        <source>デモ店舗の準備ができました</source>
        <translation>The demo store is ready</translation>
    </message>
    <message>
        <source>デモデータを作れませんでした: {error}</source>
        <translation>Could not create the demo data: {error}</translation>
    </message>
    <message>
        <source>顧客カード</source>
        <translation>Customer Cards</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <source>◀ 前へ</source>
        <translation>◀ Back</translation>
    </message>
    <message>
        <source>次へ ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>担当:</source>
        <translation>Staff:</translation>
    </message>
    <message>
        <source>全員</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>完了・見送りも表示</source>
        <translation>Also show done and skipped</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>週</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>お客様</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>完了…</source>
        <translation>Done…</translation>
    </message>
    <message>
        <source>見送り…</source>
        <translation>Skip…</translation>
    </message>
    <message>
        <source>日付を変更…</source>
        <translation>Change date…</translation>
    </message>
    <message>
        <source>カードを開く</source>
        <translation>Open card</translation>
    </message>
    <message>
        <source>予定は左のカレンダーの日付へドラッグしても移動できます</source>
        <translation>Items can also be moved by dragging them onto a date in the calendar on the left</translation>
    </message>
    <message>
        <source>{day}の予定を読み込んでいます…</source>
        <translation>Loading the plans for {day}…</translation>
    </message>
    <message>
        <source>予定を読み込めませんでした: {message}</source>
        <translation>Could not load the plans: {message}</translation>
    </message>
    <message>
        <source>{day}の予定 {count}件</source>
        <translation>{count} scheduled on {day}</translation>
    </message>
    <message>
        <source>予定はありません</source>
        <translation>Nothing scheduled</translation>
    </message>
    <message>
        <source>{start}〜{end}（予定は別の日の見出しへドラッグして移動できます）</source>
        <translation>{start} – {end} (drag an item onto another day&apos;s heading to move it)</translation>
    </message>
    <message>
        <source>iCalendar・フォローの予定 (*.ics)</source>
        <translation>iCalendar follow-up schedule (*.ics)</translation>
    </message>
    <message>
        <source>{name}さんの</source>
        <translation>{name}&apos;s </translation>
    </message>
    <message>
        <source>{who}未完了のフォロー {count}件を {file} に書き出しました</source>
        <translation>Wrote {who}{count} open follow-ups to {file}</translation>
    </message>
    <message>
        <source>ほか {count}件（担当者で絞り込むか、本日の画面でご確認ください）</source>
        <translation>{count} more (choose a staff member, or see the Today screen)</translation>
    </message>
    <message>
        <source>スマホのカレンダーへ（.ics）…</source>
        <translation>To a phone calendar (.ics)…</translation>
    </message>
    <message>
        <source>フォローの予定を書き出す</source>
        <translation>Export the follow-up schedule</translation>
    </message>
    <message>
        <source>書き出せませんでした: {message}</source>
        <translation>Could not export: {message}</translation>
    </message>
    <message>
        <source>未完了のフォローを .ics ファイルに書き出します（担当を選んでいればその方の分だけ）</source>
        <translation>Writes the open follow-ups to an .ics file (only the chosen staff member&apos;s, if one is chosen)</translation>
    </message>
</context>
<context>
    <name>CardEditor</name>
    <message>
        <source>基本情報</source>
        <translation>Basics</translation>
    </message>
    <message>
        <source>例: 山田 太郎</source>
        <translation>e.g. 山田 太郎</translation>
    </message>
    <message>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>お名前を入力すると自動で入ります</source>
        <translation>Fills in as you type the name</translation>
    </message>
    <message>
        <source>フリガナ</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>個人</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>法人</source>
        <translation>Company</translation>
    </message>
    <message>
        <source>区分</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>敬称</source>
        <translation>Honorific</translation>
    </message>
    <message>
        <source>ご担当者</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>部署</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>お店の顧客番号（任意）</source>
        <translation>The store&apos;s customer number (optional)</translation>
    </message>
    <message>
        <source>顧客番号</source>
        <translation>Customer no.</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Birthday</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>性別</source>
        <translation>Sex</translation>
    </message>
    <message>
        <source>担当スタッフ</source>
        <translation>Assigned staff</translation>
    </message>
    <message>
        <source>「、」で区切って入力（例: VIP、紹介）</source>
        <translation>Separate with commas (e.g. VIP, referral)</translation>
    </message>
    <message>
        <source>タグ</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>連絡先</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>123-4567</source>
        <translation>123-4567</translation>
    </message>
    <message>
        <source>郵便番号を入力すると住所が自動で入ります</source>
        <translation>Typing the postal code fills in the address</translation>
    </message>
    <message>
        <source>郵便番号</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>マンション名・部屋番号</source>
        <translation>Building and room number</translation>
    </message>
    <message>
        <source>建物名</source>
        <translation>Building</translation>
    </message>
    <message>
        <source>電話・メール</source>
        <translation>Phone / email</translation>
    </message>
    <message>
        <source>ご連絡の可否</source>
        <translation>Contact consent</translation>
    </message>
    <message>
        <source>郵送物（DM・手紙）</source>
        <translation>Mail (DM, letters)</translation>
    </message>
    <message>
        <source>お電話</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Not asked</translation>
    </message>
    <message>
        <source>可</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>不可</source>
        <translation>No</translation>
    </message>
    <message>
        <source>ご家族</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>追加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>編集</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>保有商品</source>
        <translation>Owned items</translation>
    </message>
    <message>
        <source>性格・好み</source>
        <translation>Personality and preferences</translation>
    </message>
    <message>
        <source>趣味・関心（例: ゴルフ、釣り）</source>
        <translation>Hobbies and interests (e.g. golf, fishing)</translation>
    </message>
    <message>
        <source>気づいたことを日付つきで残す（例: 甘いものが苦手）</source>
        <translation>Keep what you notice, dated (e.g. does not like sweets)</translation>
    </message>
    <message>
        <source>メモを追加</source>
        <translation>Add note</translation>
    </message>
    <message>
        <source>社内メモ（お客様には見せない）</source>
        <translation>Internal memo (never shown to the customer)</translation>
    </message>
    <message>
        <source>カードを保存すると性格・好みメモを追加できます</source>
        <translation>Save the card to add personality notes</translation>
    </message>
    <message>
        <source>お名前を入力してください</source>
        <translation>Please enter the name</translation>
    </message>
    <message>
        <source>この郵便番号は見つかりません</source>
        <translation>This postal code was not found</translation>
    </message>
    <message>
        <source>{date}生 {age}</source>
        <translation>born {date}, {age}</translation>
    </message>
    <message>
        <source>［連名］</source>
        <translation>[joint]</translation>
    </message>
    <message>
        <source>車検 {date}</source>
        <translation>inspection {date}</translation>
    </message>
    <message>
        <source>次回点検 {date}</source>
        <translation>next service {date}</translation>
    </message>
</context>
<context>
    <name>CardHeader</name>
    <message>
        <source>新しいお客様</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>お客様を選んでください</source>
        <translation>Choose a customer</translation>
    </message>
    <message>
        <source>お名前から入力してください（フリガナは自動で入ります）。</source>
        <translation>Start with the name (the reading fills itself in).</translation>
    </message>
    <message>
        <source>{age}（{birthday}生）</source>
        <translation>{age} (born {birthday})</translation>
    </message>
    <message>
        <source>担当: {staff}</source>
        <translation>Staff: {staff}</translation>
    </message>
    <message>
        <source>未定</source>
        <translation>not set</translation>
    </message>
    <message>
        <source>最終接触: {date}</source>
        <translation>Last contact: {date}</translation>
    </message>
    <message>
        <source>なし</source>
        <translation>none</translation>
    </message>
    <message>
        <source>No. {code}</source>
        <translation>No. {code}</translation>
    </message>
    <message>
        <source>次回フォロー: {date} {kind}「{reason}」</source>
        <translation>Next follow-up: {date} {kind} “{reason}”</translation>
    </message>
    <message>
        <source>（期限切れ）</source>
        <translation>(overdue)</translation>
    </message>
    <message>
        <source>次回フォロー: 予定なし</source>
        <translation>Next follow-up: none</translation>
    </message>
</context>
<context>
    <name>CardView</name>
    <message>
        <source>完了・見送りにする</source>
        <translation>Done / skip…</translation>
    </message>
    <message>
        <source>フォローを追加</source>
        <translation>Add follow-up</translation>
    </message>
    <message>
        <source>履歴</source>
        <translation>History</translation>
    </message>
    <message>
        <source>フォロー予定</source>
        <translation>Follow-ups</translation>
    </message>
    <message>
        <source>左の検索欄に、お名前・フリガナ・電話番号・住所の一部などを入力してください。
Enter で一番上のお客様のカードが開きます。

新しいお客様のカードは Ctrl+N で作れます。</source>
        <translation>Type a name, reading, phone number or part of an address in the search field on the left.
Enter opens the card of the top customer.

Ctrl+N makes a card for a new customer.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>元に戻す</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>来店</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>購入</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>ギフト</source>
        <translation>Gift</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>{what}を記録</source>
        <translation>Log {what}</translation>
    </message>
    <message>
        <source>フォロー</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>● 未保存の変更があります</source>
        <translation>● Unsaved changes</translation>
    </message>
    <message>
        <source>保存済み</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>{date}&#x3000;{kind}&#x3000;{reason}&#x3000;［{status}］</source>
        <translation>{date}  {kind}  {reason}  [{status}]</translation>
    </message>
    <message>
        <source>&#x3000;担当: {staff}</source>
        <translation>  Staff: {staff}</translation>
    </message>
    <message>
        <source>新しいお客様</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>未保存の変更</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <source>{name}様のカードに保存していない変更があります。保存しますか？</source>
        <translation>The card of {name} has changes that are not saved. Save them?</translation>
    </message>
    <message>
        <source>保存する</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存しないで移る</source>
        <translation>Discard and switch</translation>
    </message>
    <message>
        <source>編集を続ける</source>
        <translation>Keep editing</translation>
    </message>
    <message>
        <source>保存できません: {message}</source>
        <translation>Cannot save: {message}</translation>
    </message>
    <message>
        <source>保存できません</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <source>フォローを削除できません</source>
        <translation>Cannot delete the follow-ups</translation>
    </message>
    <message>
        <source>{name}様のカードを保存しました</source>
        <translation>The card of {name} was saved</translation>
    </message>
    <message>
        <source>記録できません</source>
        <translation>Cannot log</translation>
    </message>
    <message>
        <source>{name}様: {summary} を記録しました</source>
        <translation>{name}: logged “{summary}”</translation>
    </message>
    <message>
        <source>登録できません</source>
        <translation>Cannot add</translation>
    </message>
    <message>
        <source>{name}様のフォローを登録しました</source>
        <translation>Follow-up added for {name}</translation>
    </message>
    <message>
        <source>メモを追加できません</source>
        <translation>Cannot add the note</translation>
    </message>
    <message>
        <source>メモの削除</source>
        <translation>Delete note</translation>
    </message>
    <message>
        <source>選んだメモを削除しますか？</source>
        <translation>Delete the selected note?</translation>
    </message>
</context>
<context>
    <name>CompleteFollowUpDialog</name>
    <message>
        <source>フォローの結果 — {reason}</source>
        <translation>Follow-up result — {reason}</translation>
    </message>
    <message>
        <source>完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>見送り</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>結果（例: 来週ご来店予定）</source>
        <translation>Result (e.g. will visit next week)</translation>
    </message>
</context>
<context>
    <name>ContactRow</name>
    <message>
        <source>090-1234-5678、メールアドレス、LINE ID</source>
        <translation>090-1234-5678, email address, LINE ID</translation>
    </message>
    <message>
        <source>この連絡先を削除</source>
        <translation>Remove this contact</translation>
    </message>
</context>
<context>
    <name>ContactRows</name>
    <message>
        <source>連絡先を追加</source>
        <translation>Add contact</translation>
    </message>
</context>
<context>
    <name>CustomerListModel</name>
    <message>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>フリガナ</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>段階</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>最終接触</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>次回フォロー</source>
        <translation>Next follow-up</translation>
    </message>
</context>
<context>
    <name>DateEdit</name>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>例: S60.4.3、昭和60年4月3日、1985/4/3</source>
        <translation>e.g. S60.4.3, 昭和60年4月3日, 1985/4/3</translation>
    </message>
    <message>
        <source>和暦（S60.4.3、昭和60年4月3日、R5/4/1）でも西暦（1985/4/3）でも入力できます</source>
        <translation>Type a Japanese era date (S60.4.3, 昭和60年4月3日, R5/4/1) or a western one (1985/4/3)</translation>
    </message>
</context>
<context>
    <name>DeleteEventQuestion</name>
    <message>
        <source>履歴の削除</source>
        <translation>Delete from the history</translation>
    </message>
    <message>
        <source>{date}の{kind}「{summary}」</source>
        <translation>the {kind} “{summary}” of {date}</translation>
    </message>
    <message>
        <source>{what}を履歴から削除します。
この記録から作られた未完了のフォローが {count}件あります。どうしますか？</source>
        <translation>This deletes {what} from the history.
{count} open follow-up(s) were planned from it. What should happen to them?</translation>
    </message>
    <message>
        <source>フォローも削除する</source>
        <translation>Delete the follow-ups too</translation>
    </message>
    <message>
        <source>フォローは残す</source>
        <translation>Keep the follow-ups</translation>
    </message>
    <message>
        <source>{what}を履歴から削除しますか？</source>
        <translation>Delete {what} from the history?</translation>
    </message>
    <message>
        <source>削除する</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>削除した記録は元に戻せません。</source>
        <translation>A deleted record cannot be restored.</translation>
    </message>
    <message>
        <source>削除できません</source>
        <translation>Cannot delete</translation>
    </message>
    <message>
        <source>「{summary}」を削除しました（フォロー {count}件も削除しました）</source>
        <translation>Deleted “{summary}” (and its {count} follow-up(s))</translation>
    </message>
    <message>
        <source>「{summary}」を削除しました（フォロー {count}件は残しました）</source>
        <translation>Deleted “{summary}” ({count} follow-up(s) kept)</translation>
    </message>
    <message>
        <source>「{summary}」を削除しました</source>
        <translation>Deleted “{summary}”</translation>
    </message>
</context>
<context>
    <name>DuplicateFinderDialog</name>
    <message>
        <source>重複の確認</source>
        <translation>Check duplicates</translation>
    </message>
    <message>
        <source>探しています…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>カード1</source>
        <translation>Card 1</translation>
    </message>
    <message>
        <source>カード2</source>
        <translation>Card 2</translation>
    </message>
    <message>
        <source>同じところ</source>
        <translation>In common</translation>
    </message>
    <message>
        <source>確からしさ</source>
        <translation>Likelihood</translation>
    </message>
    <message>
        <source>カード1に統合</source>
        <translation>Merge into card 1</translation>
    </message>
    <message>
        <source>カード2に統合</source>
        <translation>Merge into card 2</translation>
    </message>
    <message>
        <source>別のお客様です</source>
        <translation>Different customers</translation>
    </message>
    <message>
        <source>もう一度探す</source>
        <translation>Search again</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>統合すると、もう一方のカードの履歴・家族・保有商品・メモ・フォロー・連絡先をすべて残したまま1枚にまとめます。もう一方のカードはごみ箱に移ります。</source>
        <translation>Merging keeps all history, family, items, notes, follow-ups and contacts of the other card on one card. The other card goes to the trash.</translation>
    </message>
    <message>
        <source>重複していそうなカードを探しています…</source>
        <translation>Looking for likely duplicate cards…</translation>
    </message>
    <message>
        <source>重複していそうな組が{count}組あります。組を選んで、統合するか「別のお客様です」を押してください。</source>
        <translation>There are {count} likely duplicate pairs. Pick a pair and merge it, or press “Different customers”.</translation>
    </message>
    <message>
        <source>重複していそうなカードは見つかりませんでした。</source>
        <translation>No likely duplicate cards were found.</translation>
    </message>
    <message>
        <source>カードの統合</source>
        <translation>Merge cards</translation>
    </message>
    <message>
        <source>{other}様（ID {other_id}）のカードを、{keep}様（ID {keep_id}）のカードにまとめます。履歴やメモはすべて残り、{other}様のカードはごみ箱に移ります。よろしいですか？</source>
        <translation>The card of {other} (ID {other_id}) will be merged into the card of {keep} (ID {keep_id}). All history and notes are kept; the card of {other} goes to the trash. Go ahead?</translation>
    </message>
    <message>
        <source>統合できません</source>
        <translation>Cannot merge</translation>
    </message>
    <message>
        <source>{name}様のカードにまとめました。</source>
        <translation>Merged into the card of {name}.</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>思いがけないエラーが起きました。

{error}

編集中のカードはそのまま残っています。内容を確かめて保存してください。
詳しい記録: {log}</source>
        <translation>An unexpected error occurred.

{error}

The card being edited is still there: check it and save it.
Details are in the log: {log}</translation>
    </message>
    <message>
        <source>編集中の内容の控え: {path}</source>
        <translation>A copy of the card being edited: {path}</translation>
    </message>
    <message>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
</context>
<context>
    <name>EventDateDialog</name>
    <message>
        <source>日付を変更</source>
        <translation>Change the date</translation>
    </message>
    <message>
        <source>「{summary}」（{kind}）の日付を変更します。</source>
        <translation>Change the date of “{summary}” ({kind}).</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>新しい日付</source>
        <translation>New date</translation>
    </message>
    <message>
        <source>この記録から作られた未完了のフォロー {count}件の予定日も、新しい日付に合わせて組み直します。</source>
        <translation>The {count} open follow-up(s) planned from this record will be re-planned from the new date.</translation>
    </message>
    <message>
        <source>日付を入力してください</source>
        <translation>Please enter the date</translation>
    </message>
    <message>
        <source>日付を変更できません</source>
        <translation>Cannot change the date</translation>
    </message>
    <message>
        <source>「{summary}」の日付を{date}に変更し、フォロー {count}件の予定日を組み直しました</source>
        <translation>Moved “{summary}” to {date} and re-planned {count} follow-up(s)</translation>
    </message>
    <message>
        <source>「{summary}」の日付を{date}に変更しました</source>
        <translation>Moved “{summary}” to {date}</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <source>日時</source>
        <translation>When</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>スタッフ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>概要</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>金額</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>メニュー</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>スタイリスト</source>
        <translation>Stylist</translation>
    </message>
    <message>
        <source>施術メモ</source>
        <translation>Treatment notes</translation>
    </message>
    <message>
        <source>使用商品</source>
        <translation>Products used</translation>
    </message>
    <message>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>FamilyDialog</name>
    <message>
        <source>家族</source>
        <translation>Family</translation>
    </message>
    <message>
        <source>家族: {name}</source>
        <translation>Family: {name}</translation>
    </message>
    <message>
        <source>配偶者</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>長男</source>
        <translation>Eldest son</translation>
    </message>
    <message>
        <source>長女</source>
        <translation>Eldest daughter</translation>
    </message>
    <message>
        <source>次男</source>
        <translation>Second son</translation>
    </message>
    <message>
        <source>次女</source>
        <translation>Second daughter</translation>
    </message>
    <message>
        <source>三男</source>
        <translation>Third son</translation>
    </message>
    <message>
        <source>三女</source>
        <translation>Third daughter</translation>
    </message>
    <message>
        <source>父</source>
        <translation>Father</translation>
    </message>
    <message>
        <source>母</source>
        <translation>Mother</translation>
    </message>
    <message>
        <source>祖父</source>
        <translation>Grandfather</translation>
    </message>
    <message>
        <source>祖母</source>
        <translation>Grandmother</translation>
    </message>
    <message>
        <source>家族の生年月日</source>
        <translation>Family member&apos;s birthday</translation>
    </message>
    <message>
        <source>宛名にご本人と連名で印刷する</source>
        <translation>Print together with the customer on addresses</translation>
    </message>
    <message>
        <source>例: 来春に免許取得予定</source>
        <translation>e.g. gets a driving licence next spring</translation>
    </message>
    <message>
        <source>続柄</source>
        <translation>Relation</translation>
    </message>
    <message>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>フリガナ</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Birthday</translation>
    </message>
    <message>
        <source>敬称</source>
        <translation>Honorific</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>お名前を入力してください</source>
        <translation>Please enter the name</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>ようこそ</source>
        <translation>Welcome</translation>
    </message>
    <message>
        <source>顧客カードへようこそ</source>
        <translation>Welcome to Customer Cards</translation>
    </message>
    <message>
        <source>まだお客様が登録されていません。どのように始めますか？</source>
        <translation>There are no customers yet. How would you like to start?</translation>
    </message>
    <message>
        <source>デモ店舗で試す</source>
        <translation>Try a demo store</translation>
    </message>
    <message>
        <source>架空のお客様500人の販売店で操作を試せます（お店のデータとは別のファイルです）</source>
        <translation>Try it out on a made-up store with 500 customers (a separate file from the store&apos;s data)</translation>
    </message>
    <message>
        <source>名簿を取り込む</source>
        <translation>Import a customer list</translation>
    </message>
    <message>
        <source>Excel・CSV の顧客名簿や年賀状ソフトの住所録から取り込みます</source>
        <translation>From an Excel or CSV customer list, or the address book of a New Year card program</translation>
    </message>
    <message>
        <source>取り込み機能はこの版ではまだ使えません</source>
        <translation>Importing is not available in this version</translation>
    </message>
    <message>
        <source>空の状態で始める</source>
        <translation>Start empty</translation>
    </message>
    <message>
        <source>お客様を一人ずつ登録します</source>
        <translation>Add customers one by one</translation>
    </message>
</context>
<context>
    <name>FollowUpActions</name>
    <message>
        <source>フォロー</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>FollowUpDialog</name>
    <message>
        <source>フォローを追加 — {name}様</source>
        <translation>Add follow-up — {name}</translation>
    </message>
</context>
<context>
    <name>FollowUpFields</name>
    <message>
        <source>郵送物を希望されていません（DM不可）</source>
        <translation>Does not want mail (no DM)</translation>
    </message>
    <message>
        <source>電話連絡を希望されていません</source>
        <translation>Does not want phone calls</translation>
    </message>
    <message>
        <source>予定日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>例: 車検のご案内、誕生日のお祝い</source>
        <translation>e.g. inspection reminder, birthday wishes</translation>
    </message>
    <message>
        <source>方法</source>
        <translation>How</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>予定日を入力してください</source>
        <translation>Please enter the due date</translation>
    </message>
    <message>
        <source>この方にご連絡する理由を入力してください</source>
        <translation>Please enter why this customer is contacted</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>シート</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <source>取り込むシート</source>
        <translation>Sheet to import</translation>
    </message>
    <message>
        <source>顧客リストの取り込み</source>
        <translation>Import a customer list</translation>
    </message>
    <message>
        <source>取り込むファイル（CSV・Excel・vCard）</source>
        <translation>File to import (CSV, Excel, vCard)</translation>
    </message>
    <message>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>次へ</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>ファイル</source>
        <translation>File</translation>
    </message>
    <message>
        <source>文字コード</source>
        <translation>Encoding</translation>
    </message>
    <message>
        <source>Excel の表、CSV（Shift_JIS・UTF-8・EUC-JP）、スマートフォンの連絡先（vCard）からお客様を取り込みます。次の画面で列の割り当てを確かめ、取り込む前に結果を確認できます。取り込んだ後でもまとめて取り消せます。</source>
        <translation>Import customers from an Excel sheet, a CSV file (Shift_JIS, UTF-8, EUC-JP) or smartphone contacts (vCard). On the next page you check which column goes where and see the result before anything is imported. An import can be undone as a whole afterwards.</translation>
    </message>
    <message>
        <source>取り込むファイル</source>
        <translation>File to import</translation>
    </message>
    <message>
        <source>ファイルを選んでください</source>
        <translation>Please choose a file</translation>
    </message>
    <message>
        <source>ファイルを読んでいます…</source>
        <translation>Reading the file…</translation>
    </message>
    <message>
        <source>ファイルの列</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <source>最初の行の値</source>
        <translation>First row&apos;s value</translation>
    </message>
    <message>
        <source>取り込み先</source>
        <translation>Goes to</translation>
    </message>
    <message>
        <source>意味が逆</source>
        <translation>Reversed meaning</translation>
    </message>
    <message>
        <source>ファイルの内容で更新する</source>
        <translation>Update with the file&apos;s values</translation>
    </message>
    <message>
        <source>そのままにする（スキップ）</source>
        <translation>Leave as it is (skip)</translation>
    </message>
    <message>
        <source>登録済みのお客様と一致した行は:</source>
        <translation>Rows that match a customer already registered:</translation>
    </message>
    <message>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>確認へ（まだ取り込みません）</source>
        <translation>Check (nothing is imported yet)</translation>
    </message>
    <message>
        <source>各列をどこに取り込むか確かめてください。「（メモに残す）」の列は、お客様のメモに残します。</source>
        <translation>Check where each column goes. Columns set to “(keep in memo)” are kept in the customer&apos;s memo.</translation>
    </message>
    <message>
        <source>{name}: {rows}行（文字コード {encoding}）</source>
        <translation>{name}: {rows} rows (encoding {encoding})</translation>
    </message>
    <message>
        <source>前回と同じ形のファイルです。前回の割り当てを使っています。</source>
        <translation>Same layout as last time: the previous column assignment is used.</translation>
    </message>
    <message>
        <source>{header}の取り込み先</source>
        <translation>Where “{header}” goes</translation>
    </message>
    <message>
        <source>「DM不要」のように、○が「送らない」を意味する列ならチェックします</source>
        <translation>Tick this when a mark in the column means “do not send” (like “no mail”)</translation>
    </message>
    <message>
        <source>行</source>
        <translation>Row</translation>
    </message>
    <message>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>列</source>
        <translation>Column</translation>
    </message>
    <message>
        <source>値</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>戻って割り当てを直す</source>
        <translation>Go back and fix the columns</translation>
    </message>
    <message>
        <source>取り込む</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>そのままでは取り込めない行（読めない値は空欄にして、元の文字はメモに残します）:</source>
        <translation>Rows that cannot be imported as they are (unreadable values are left empty and the original text goes into the memo):</translation>
    </message>
    <message>
        <source>取り込んだ場合の結果を確かめています…</source>
        <translation>Checking what the import would do…</translation>
    </message>
    <message>
        <source>まだ何も取り込んでいません。「取り込む」を押すと、次のとおりに取り込みます。</source>
        <translation>Nothing has been imported yet. “Import” imports as follows.</translation>
    </message>
    <message>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <source>中止</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>取り込んでいます… {done} / {total} 行</source>
        <translation>Importing… {done} / {total} rows</translation>
    </message>
    <message>
        <source>中止しています…（今のまとまりを書き終えたら止まります）</source>
        <translation>Stopping… (after the batch being written)</translation>
    </message>
    <message>
        <source>重複の確認を開く</source>
        <translation>Open the duplicate check</translation>
    </message>
    <message>
        <source>報告をCSVで保存…</source>
        <translation>Save report as CSV…</translation>
    </message>
    <message>
        <source>この取り込みを取り消す</source>
        <translation>Undo this import</translation>
    </message>
    <message>
        <source>要確認の{count}行は、読めない値を空欄にして元の文字をメモに残しました。報告を保存して確かめてください。</source>
        <translation>In {count} rows to check, unreadable values were left empty and the original text kept in the memo. Save the report and check them.</translation>
    </message>
    <message>
        <source>途中で中止しました。ここまでの分を取り消すこともできます。</source>
        <translation>Stopped part-way. What was imported so far can be undone too.</translation>
    </message>
    <message>
        <source>電話番号が同じで氏名の異なるお客様が{count}件あります。</source>
        <translation>{count} customers share a phone number with a different name.</translation>
    </message>
    <message>
        <source>報告の保存先</source>
        <translation>Save the report to</translation>
    </message>
    <message>
        <source>保存できませんでした: {error}</source>
        <translation>Could not save: {error}</translation>
    </message>
    <message>
        <source>報告を保存しました（{count}行）: {path}</source>
        <translation>Report saved ({count} rows): {path}</translation>
    </message>
    <message>
        <source>取り込みの取り消し</source>
        <translation>Undo import</translation>
    </message>
    <message>
        <source>この取り込みで登録・更新したお客様を、取り込む前の状態に戻します。よろしいですか？</source>
        <translation>Customers added or updated by this import go back to how they were before it. Go ahead?</translation>
    </message>
    <message>
        <source>ファイルを読めません: {error}</source>
        <translation>Cannot read the file: {error}</translation>
    </message>
</context>
<context>
    <name>ItemDialog</name>
    <message>
        <source>保有商品</source>
        <translation>Owned items</translation>
    </message>
    <message>
        <source>保有商品: {name}</source>
        <translation>Owned item: {name}</translation>
    </message>
    <message>
        <source>例: プリウス</source>
        <translation>e.g. Prius</translation>
    </message>
    <message>
        <source>ナンバー・製造番号（例: 品川 300 あ 12-34）</source>
        <translation>Plate or serial number (e.g. 品川 300 あ 12-34)</translation>
    </message>
    <message>
        <source>購入日</source>
        <translation>Bought on</translation>
    </message>
    <message>
        <source>保証期限</source>
        <translation>Warranty ends</translation>
    </message>
    <message>
        <source>次回点検</source>
        <translation>Next service</translation>
    </message>
    <message>
        <source>車検満了日</source>
        <translation>Inspection expires</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>商品名</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>ナンバー・製造番号</source>
        <translation>Plate / serial number</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>商品名を入力してください</source>
        <translation>Please enter the item name</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>見込み</source>
        <translation>Prospect</translation>
    </message>
    <message>
        <source>新規</source>
        <translation>New</translation>
    </message>
    <message>
        <source>既存</source>
        <translation>Existing</translation>
    </message>
    <message>
        <source>休眠</source>
        <translation>Dormant</translation>
    </message>
    <message>
        <source>失注</source>
        <translation>Lost</translation>
    </message>
    <message>
        <source>購入</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>来店・施術</source>
        <translation>Visit / treatment</translation>
    </message>
    <message>
        <source>電話</source>
        <translation>Call</translation>
    </message>
    <message>
        <source>手紙・DM</source>
        <translation>Letter / DM</translation>
    </message>
    <message>
        <source>ギフト</source>
        <translation>Gift</translation>
    </message>
    <message>
        <source>苦情・相談</source>
        <translation>Complaint / support</translation>
    </message>
    <message>
        <source>アンケート</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>メモ</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>手紙</source>
        <translation>Letter</translation>
    </message>
    <message>
        <source>訪問・来店</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>点検・車検</source>
        <translation>Service / inspection</translation>
    </message>
    <message>
        <source>未完了</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>完了</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>見送り</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>話せた</source>
        <translation>Reached</translation>
    </message>
    <message>
        <source>不在</source>
        <translation>No answer</translation>
    </message>
    <message>
        <source>留守電</source>
        <translation>Voicemail</translation>
    </message>
    <message>
        <source>折り返し待ち</source>
        <translation>Waiting for call back</translation>
    </message>
    <message>
        <source>断られた</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>自宅電話</source>
        <translation>Home phone</translation>
    </message>
    <message>
        <source>携帯電話</source>
        <translation>Mobile</translation>
    </message>
    <message>
        <source>勤務先</source>
        <translation>Work</translation>
    </message>
    <message>
        <source>FAX</source>
        <translation>Fax</translation>
    </message>
    <message>
        <source>メール</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>LINE</source>
        <translation>LINE</translation>
    </message>
    <message>
        <source>SNS</source>
        <translation>SNS</translation>
    </message>
    <message>
        <source>未設定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>女性</source>
        <translation>Female</translation>
    </message>
    <message>
        <source>男性</source>
        <translation>Male</translation>
    </message>
    <message>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>車</source>
        <translation>Car</translation>
    </message>
    <message>
        <source>カメラ</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>時計</source>
        <translation>Watch</translation>
    </message>
    <message>
        <source>未確認</source>
        <translation>Not asked</translation>
    </message>
    <message>
        <source>可</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>不可</source>
        <translation>No</translation>
    </message>
    <message>
        <source>{amount}円</source>
        <translation>¥{amount}</translation>
    </message>
    <message>
        <source>{age}歳</source>
        <translation>age {age}</translation>
    </message>
</context>
<context>
    <name>LogEventDialog</name>
    <message>
        <source>{kind}を記録 — {name}様</source>
        <translation>Log {kind} — {name}</translation>
    </message>
    <message>
        <source>お電話</source>
        <translation>Phone call</translation>
    </message>
    <message>
        <source>ご来店</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>ご購入</source>
        <translation>Purchase</translation>
    </message>
    <message>
        <source>ギフトをお送りしました</source>
        <translation>Gift sent</translation>
    </message>
    <message>
        <source>お手紙をお送りしました</source>
        <translation>Letter sent</translation>
    </message>
    <message>
        <source>ご相談</source>
        <translation>Enquiry</translation>
    </message>
    <message>
        <source>アンケート</source>
        <translation>Survey</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>結果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>件名</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>お買い上げ品</source>
        <translation>Item bought</translation>
    </message>
    <message>
        <source>例: 8トーン アッシュ 6% 1:1 放置20分</source>
        <translation>e.g. level 8 ash, 6% 1:1, 20 min</translation>
    </message>
    <message>
        <source>例: カット＋カラー</source>
        <translation>e.g. cut + colour</translation>
    </message>
    <message>
        <source>メニュー</source>
        <translation>Menu</translation>
    </message>
    <message>
        <source>スタイリスト</source>
        <translation>Stylist</translation>
    </message>
    <message>
        <source>例: 8,800</source>
        <translation>e.g. 8,800</translation>
    </message>
    <message>
        <source>金額（円）</source>
        <translation>Amount (yen)</translation>
    </message>
    <message>
        <source>施術メモ</source>
        <translation>Treatment notes</translation>
    </message>
    <message>
        <source>使用商品</source>
        <translation>Products used</translation>
    </message>
    <message>
        <source>お話しした内容など</source>
        <translation>What was talked about</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>次回フォローを登録する</source>
        <translation>Add a next follow-up</translation>
    </message>
    <message>
        <source>日付を入力してください</source>
        <translation>Please enter the date</translation>
    </message>
    <message>
        <source>未来の日付です。予定はフォローとして登録してください</source>
        <translation>This date is in the future. Add plans as a follow-up</translation>
    </message>
    <message>
        <source>件名を入力してください</source>
        <translation>Please enter a subject</translation>
    </message>
    <message>
        <source>金額は数字で入力してください（例: 8,800）</source>
        <translation>Please enter the amount as a number (e.g. 8,800)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>新しいお客様</source>
        <translation>New customer</translation>
    </message>
    <message>
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>ごみ箱に移す</source>
        <translation>Move to trash</translation>
    </message>
    <message>
        <source>ごみ箱を開く…</source>
        <translation>Open trash…</translation>
    </message>
    <message>
        <source>接客モード</source>
        <translation>Counter mode</translation>
    </message>
    <message>
        <source>接客モード: 性格メモ・苦情・社内メモを隠します（もう一度押すと表示）</source>
        <translation>Counter mode: hides personality notes, complaints and internal memos (press again to show them)</translation>
    </message>
    <message>
        <source>担当者を切り替え…</source>
        <translation>Switch staff member…</translation>
    </message>
    <message>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>和暦で表示（令和5年4月1日）</source>
        <translation>Japanese era (令和5年4月1日)</translation>
    </message>
    <message>
        <source>西暦で表示（2023/04/01）</source>
        <translation>Western (2023/04/01)</translation>
    </message>
    <message>
        <source>パソコンの設定に合わせる</source>
        <translation>Follow the computer&apos;s setting</translation>
    </message>
    <message>
        <source>デモ店舗を開く</source>
        <translation>Open the demo store</translation>
    </message>
    <message>
        <source>ログの場所</source>
        <translation>Log location</translation>
    </message>
    <message>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>カード(&amp;C)</source>
        <translation>&amp;Card</translation>
    </message>
    <message>
        <source>記録(&amp;R)</source>
        <translation>&amp;Log</translation>
    </message>
    <message>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>日付の表示</source>
        <translation>Dates</translation>
    </message>
    <message>
        <source>言語 / Language</source>
        <translation>言語 / Language</translation>
    </message>
    <message>
        <source>ツール(&amp;T)</source>
        <translation>&amp;Tools</translation>
    </message>
    <message>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>メイン</source>
        <translation>Main</translation>
    </message>
    <message>
        <source>{name}様のカードをごみ箱に移しますか？（ごみ箱からいつでも元に戻せます）</source>
        <translation>Move the card of {name} to the trash? (It can be restored from the trash at any time.)</translation>
    </message>
    <message>
        <source>ごみ箱に移せません</source>
        <translation>Cannot move to the trash</translation>
    </message>
    <message>
        <source>{name}様のカードをごみ箱に移しました</source>
        <translation>The card of {name} was moved to the trash</translation>
    </message>
    <message>
        <source>カードを元に戻しました</source>
        <translation>The card was restored</translation>
    </message>
    <message>
        <source>担当者を {name} に切り替えました</source>
        <translation>Now working as {name}</translation>
    </message>
    <message>
        <source>担当: {name}</source>
        <translation>Staff: {name}</translation>
    </message>
    <message>
        <source>担当者を選ぶ</source>
        <translation>Choose staff member</translation>
    </message>
    <message>
        <source>作業する人を切り替えます。記録はこの名前で残ります</source>
        <translation>Switch who is working. Records are kept under this name</translation>
    </message>
    <message>
        <source>接客モード中（F12で解除）</source>
        <translation>Counter mode on (F12 to leave)</translation>
    </message>
    <message>
        <source>顧客カード</source>
        <translation>Customer Cards</translation>
    </message>
    <message>
        <source>［デモ店舗］</source>
        <translation>[Demo store]</translation>
    </message>
    <message>
        <source>デモ店舗</source>
        <translation>Demo store</translation>
    </message>
</context>
<context>
    <name>PrintDialog</name>
    <message>
        <source>印刷</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>（宛名のみ）</source>
        <translation>(address only)</translation>
    </message>
    <message>
        <source>{0}面</source>
        <translation>{0} per sheet</translation>
    </message>
    <message>
        <source>漢数字（一二三）</source>
        <translation>Kanji numerals (一二三)</translation>
    </message>
    <message>
        <source>算用数字（123）</source>
        <translation>Arabic numerals (123)</translation>
    </message>
    <message>
        <source>ご家族を連名で印刷</source>
        <translation>Print family members together</translation>
    </message>
    <message>
        <source>プレビューに郵便番号枠と用紙の端を表示</source>
        <translation>Show postal code boxes and paper edges in the preview</translation>
    </message>
    <message>
        <source>この位置を保存</source>
        <translation>Save this position</translation>
    </message>
    <message>
        <source>テンプレート</source>
        <translation>Template</translation>
    </message>
    <message>
        <source>レイアウト</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>ラベル</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>住所の数字</source>
        <translation>Numbers in addresses</translation>
    </message>
    <message>
        <source>右へ</source>
        <translation>Right</translation>
    </message>
    <message>
        <source>下へ</source>
        <translation>Down</translation>
    </message>
    <message>
        <source>印刷位置の調整 (mm)</source>
        <translation>Print offset (mm)</translation>
    </message>
    <message>
        <source>チェックを外した方は印刷しません。ダブルクリックでカードを開きます</source>
        <translation>Unticked customers are not printed. Double-click to open the card</translation>
    </message>
    <message>
        <source>宛名チェック</source>
        <translation>Address check</translation>
    </message>
    <message>
        <source>印刷しない方</source>
        <translation>Not printed</translation>
    </message>
    <message>
        <source>◀ 前の宛先</source>
        <translation>◀ Previous addressee</translation>
    </message>
    <message>
        <source>次の宛先 ▶</source>
        <translation>Next addressee ▶</translation>
    </message>
    <message>
        <source>PDFを保存…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>印刷…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>問題は見つかりませんでした</source>
        <translation>No problems found</translation>
    </message>
    <message>
        <source>{0}件を印刷します（対象外 {1}件・宛名チェック {2}件）</source>
        <translation>Printing {0} (left out {1}, address check {2})</translation>
    </message>
    <message>
        <source>印刷するものがありません</source>
        <translation>Nothing to print</translation>
    </message>
    <message>
        <source>{0}件</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>PDFを保存</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>発送の確認</source>
        <translation>Confirm sending</translation>
    </message>
    <message>
        <source>{0}件のフォローを印刷しました。発送しましたか？
「はい」でフォローを完了にします。</source>
        <translation>{0} follow-ups were printed. Have they been sent?
“Yes” marks the follow-ups as done.</translation>
    </message>
</context>
<context>
    <name>RescheduleDialog</name>
    <message>
        <source>日付を変更</source>
        <translation>Change the date</translation>
    </message>
    <message>
        <source>{name}様 — {what}（いまの予定: {day}）</source>
        <translation>{name} — {what} (now planned: {day})</translation>
    </message>
    <message>
        <source>この日に変更</source>
        <translation>Move to this day</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>{day} は{reason}です。お休みの日でよければそのまま変更できます。</source>
        <translation>{day} is {reason}. You can still move it there if a closed day is fine.</translation>
    </message>
    <message>
        <source>{day} に変更します。</source>
        <translation>Moves it to {day}.</translation>
    </message>
</context>
<context>
    <name>ResultDialog</name>
    <message>
        <source>フォローを見送る</source>
        <translation>Skip the follow-up</translation>
    </message>
    <message>
        <source>フォローを完了にする</source>
        <translation>Mark the follow-up done</translation>
    </message>
    <message>
        <source>{name}様 — {what}</source>
        <translation>{name} — {what}</translation>
    </message>
    <message>
        <source>理由: {reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>見送る理由（履歴に残ります）</source>
        <translation>Why it is skipped (goes onto the timeline)</translation>
    </message>
    <message>
        <source>結果のメモ（履歴に残ります）</source>
        <translation>Result note (goes onto the timeline)</translation>
    </message>
    <message>
        <source>例: ご家族の入院で今月は控えたいとのこと</source>
        <translation>e.g. Family member in hospital, would rather wait this month</translation>
    </message>
    <message>
        <source>例: 12月の車検をご予約いただいた。奥様もお元気とのこと</source>
        <translation>e.g. Booked the December inspection; his wife is well</translation>
    </message>
    <message>
        <source>見送りにする</source>
        <translation>Skip</translation>
    </message>
    <message>
        <source>完了にする</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ScenarioEditor</name>
    <message>
        <source>シナリオとフォローの設定</source>
        <translation>Scenarios and follow-up settings</translation>
    </message>
    <message>
        <source>シナリオ</source>
        <translation>Scenarios</translation>
    </message>
    <message>
        <source>フォローの設定</source>
        <translation>Follow-up settings</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>新しいシナリオ</source>
        <translation>New scenario</translation>
    </message>
    <message>
        <source>削除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>シナリオ名</source>
        <translation>Scenario name</translation>
    </message>
    <message>
        <source>きっかけ</source>
        <translation>Trigger</translation>
    </message>
    <message>
        <source>どの商品でも</source>
        <translation>Any item</translation>
    </message>
    <message>
        <source>お車</source>
        <translation>Car</translation>
    </message>
    <message>
        <source>カメラ</source>
        <translation>Camera</translation>
    </message>
    <message>
        <source>時計</source>
        <translation>Watch</translation>
    </message>
    <message>
        <source>その他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>商品の種類</source>
        <translation>Item type</translation>
    </message>
    <message>
        <source>日付の項目</source>
        <translation>Date field</translation>
    </message>
    <message>
        <source>お客様ご本人</source>
        <translation>The customer</translation>
    </message>
    <message>
        <source>ご家族</source>
        <translation>Family members</translation>
    </message>
    <message>
        <source>お客様とご家族</source>
        <translation>The customer and family</translation>
    </message>
    <message>
        <source>対象</source>
        <translation>For</translation>
    </message>
    <message>
        <source>空欄ならどのメニューでも（例: カラー）</source>
        <translation>Empty for any menu (e.g. colour)</translation>
    </message>
    <message>
        <source>メニューに含む語</source>
        <translation>Menu contains</translation>
    </message>
    <message>
        <source>節目</source>
        <translation>Milestones</translation>
    </message>
    <message>
        <source>このシナリオを使う（オフにすると新しいフォローを作りません）</source>
        <translation>Use this scenario (when off, no new follow-ups are created)</translation>
    </message>
    <message>
        <source>ステップ（きっかけの日からのタイミング）</source>
        <translation>Steps (timing from the trigger date)</translation>
    </message>
    <message>
        <source>タイミング</source>
        <translation>Timing</translation>
    </message>
    <message>
        <source>種類</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>必要な同意</source>
        <translation>Consent needed</translation>
    </message>
    <message>
        <source>ステップを追加</source>
        <translation>Add step</translation>
    </message>
    <message>
        <source>ステップを削除</source>
        <translation>Remove step</translation>
    </message>
    <message>
        <source>▲ 上へ</source>
        <translation>▲ Up</translation>
    </message>
    <message>
        <source>▼ 下へ</source>
        <translation>▼ Down</translation>
    </message>
    <message>
        <source>シナリオを保存</source>
        <translation>Save scenario</translation>
    </message>
    <message>
        <source>日</source>
        <translation>days</translation>
    </message>
    <message>
        <source>週間</source>
        <translation>weeks</translation>
    </message>
    <message>
        <source>か月</source>
        <translation>months</translation>
    </message>
    <message>
        <source>年</source>
        <translation>years</translation>
    </message>
    <message>
        <source>選んだステップ</source>
        <translation>Selected step</translation>
    </message>
    <message>
        <source>後</source>
        <translation>after</translation>
    </message>
    <message>
        <source>前</source>
        <translation>before</translation>
    </message>
    <message>
        <source>いつもの来店間隔（分からなければ左の日数）</source>
        <translation>Usual visit interval (the days on the left when unknown)</translation>
    </message>
    <message>
        <source>以後くり返す:</source>
        <translation>Then repeat:</translation>
    </message>
    <message>
        <source>ごと</source>
        <translation>each</translation>
    </message>
    <message>
        <source>その日の</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>前にご連絡</source>
        <translation>before that day</translation>
    </message>
    <message>
        <source>くり返し</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>「+3d」「-7d」「+1m」「+3y every 2y, 2m before」「usual or +2m」のように直接入力もできます</source>
        <translation>You can also type the timing directly, e.g. &quot;+3d&quot;, &quot;-7d&quot;, &quot;+1m&quot;, &quot;+3y every 2y, 2m before&quot;, &quot;usual or +2m&quot;</translation>
    </message>
    <message>
        <source>コード</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>理由の文面</source>
        <translation>Reason text</translation>
    </message>
    <message>
        <source>差し込み: </source>
        <translation>Merge fields: </translation>
    </message>
    <message>
        <source> 日先まで</source>
        <translation> days ahead</translation>
    </message>
    <message>
        <source>本日の画面に出すお誕生日</source>
        <translation>Birthdays shown on Today</translation>
    </message>
    <message>
        <source>車検・点検・保証終了・人生の節目</source>
        <translation>Inspections, warranty ends and life milestones</translation>
    </message>
    <message>
        <source> か月以上ご連絡なし（0 = 出さない）</source>
        <translation> months or more without contact (0 = never)</translation>
    </message>
    <message>
        <source>休眠のおそれ</source>
        <translation>Possibly dormant</translation>
    </message>
    <message>
        <source>定休日</source>
        <translation>Closed days</translation>
    </message>
    <message>
        <source>前の営業日へ</source>
        <translation>To the business day before</translation>
    </message>
    <message>
        <source>後の営業日へ</source>
        <translation>To the business day after</translation>
    </message>
    <message>
        <source>定休日・祝日に当たるフォロー</source>
        <translation>Follow-ups falling on a closed day or holiday</translation>
    </message>
    <message>
        <source>設定を保存</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <source>{name}（使っていません）</source>
        <translation>{name} (not in use)</translation>
    </message>
    <message>
        <source>「{name}」の変更が保存されていません。保存しますか？</source>
        <translation>The changes to &quot;{name}&quot; are not saved. Save them?</translation>
    </message>
    <message>
        <source>標準のシナリオは削除できません。使わない場合はオフにしてください</source>
        <translation>A standard scenario cannot be deleted. Turn it off if you do not use it</translation>
    </message>
    <message>
        <source>シナリオの削除</source>
        <translation>Delete scenario</translation>
    </message>
    <message>
        <source>シナリオ「{name}」を削除しますか？作成済みのフォローは残ります。</source>
        <translation>Delete the scenario &quot;{name}&quot;? Follow-ups already created are kept.</translation>
    </message>
    <message>
        <source>シナリオを削除しました</source>
        <translation>Scenario deleted</translation>
    </message>
    <message>
        <source>郵送（DM）の同意</source>
        <translation>Consent to mail (DM)</translation>
    </message>
    <message>
        <source>電話連絡の同意</source>
        <translation>Consent to calls</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>郵送物（DM）を断っているお客様には作らず、見送りとして理由を残します</source>
        <translation>Not created for customers who refused mail (DM); the reason is kept as skipped</translation>
    </message>
    <message>
        <source>電話連絡を断っているお客様には作らず、見送りとして理由を残します</source>
        <translation>Not created for customers who refused calls; the reason is kept as skipped</translation>
    </message>
    <message>
        <source>ステップ{n}の「{field}」: {reason}</source>
        <translation>Step {n}, &quot;{field}&quot;: {reason}</translation>
    </message>
    <message>
        <source>「節目」: 1つ以上選んでください</source>
        <translation>&quot;Milestones&quot;: choose at least one</translation>
    </message>
    <message>
        <source>「{field}」: {reason}</source>
        <translation>&quot;{field}&quot;: {reason}</translation>
    </message>
    <message>
        <source>シナリオ「{name}」を保存しました</source>
        <translation>Scenario &quot;{name}&quot; saved</translation>
    </message>
    <message>
        <source>「定休日」: 営業日が1日もなくなります</source>
        <translation>&quot;Closed days&quot;: no business day would be left</translation>
    </message>
    <message>
        <source>フォローの設定を保存しました</source>
        <translation>Follow-up settings saved</translation>
    </message>
    <message>
        <source>{names} から作られた未完了のフォローが {count}件あります。どうしますか？</source>
        <translation>{count} open follow-ups were planned from {names}. What should happen to them?</translation>
    </message>
    <message>
        <source>シナリオで作ったフォロー</source>
        <translation>Follow-ups planned by a scenario</translation>
    </message>
    <message>
        <source>フォローは残す</source>
        <translation>Keep the follow-ups</translation>
    </message>
    <message>
        <source>フォローも削除する</source>
        <translation>Delete the follow-ups too</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>名前・フリガナ・電話番号・住所・ナンバー・メモで検索</source>
        <translation>Search by name, reading, phone, address, plate, notes</translation>
    </message>
    <message>
        <source>検索（Ctrl+F / Ctrl+K）。Enter で一番上のお客様を開きます</source>
        <translation>Search (Ctrl+F / Ctrl+K). Enter opens the top customer</translation>
    </message>
    <message>
        <source>絞り込み</source>
        <translation>Filters</translation>
    </message>
    <message>
        <source>段階・担当・タグ・誕生月などで絞り込み</source>
        <translation>Filter by phase, staff, tag, birthday month and more</translation>
    </message>
    <message>
        <source>すべての段階</source>
        <translation>All phases</translation>
    </message>
    <message>
        <source>タグ</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>誕生月</source>
        <translation>Birthday month</translation>
    </message>
    <message>
        <source>{month}月生まれ</source>
        <translation>Born in month {month}</translation>
    </message>
    <message>
        <source>フォロー予定あり</source>
        <translation>Has follow-ups due</translation>
    </message>
    <message>
        <source>五十音の行へ移動</source>
        <translation>Jump to a row of the Japanese syllabary</translation>
    </message>
    <message>
        <source>見出しをクリックすると並べ替えます</source>
        <translation>Click a heading to sort</translation>
    </message>
    <message>
        <source>検索できません: {error}</source>
        <translation>Cannot search: {error}</translation>
    </message>
    <message>
        <source>{count:,}件以上見つかりました（数えています…）</source>
        <translation>{count:,} or more found (counting…)</translation>
    </message>
    <message>
        <source>{count:,}件見つかりました</source>
        <translation>{count:,} found</translation>
    </message>
    <message>
        <source>見つかりません。別の書き方（ひらがな・電話番号の一部など）でもお試しください</source>
        <translation>Nothing found. Try another way of writing it (hiragana, part of a phone number, …)</translation>
    </message>
    <message>
        <source>全{count:,}件</source>
        <translation>All {count:,}</translation>
    </message>
    <message>
        <source>すべての担当</source>
        <translation>All staff</translation>
    </message>
</context>
<context>
    <name>StaffPicker</name>
    <message>
        <source>担当者の選択</source>
        <translation>Who is working</translation>
    </message>
    <message>
        <source>一覧にない場合はお名前を入力</source>
        <translation>Not in the list? Type the name</translation>
    </message>
    <message>
        <source>このPCで作業する方を選んでください。記録はすべてこのお名前で残ります。</source>
        <translation>Choose who is working on this PC. Everything is recorded under this name.</translation>
    </message>
    <message>
        <source>お名前を選ぶか入力してください</source>
        <translation>Please pick or type a name</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>テンプレートの編集</source>
        <translation>Edit templates</translation>
    </message>
    <message>
        <source>ダブルクリックでカーソルの位置に差し込みます</source>
        <translation>Double-click to insert at the cursor</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>最初の文面に戻す</source>
        <translation>Restore the original text</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>表題</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>レイアウト</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>本文</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>差し込み項目</source>
        <translation>Merge fields</translation>
    </message>
    <message>
        <source>（店舗で編集）</source>
        <translation>(edited by the store)</translation>
    </message>
    <message>
        <source>「{0}」を店舗で編集する前の文面に戻します。よろしいですか？</source>
        <translation>Restore “{0}” to the text it had before the store edited it?</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>詳しく見る</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>日付を変更…</source>
        <translation>Change date…</translation>
    </message>
    <message>
        <source>削除…</source>
        <translation>Delete…</translation>
    </message>
    <message>
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <source>すべての種類を表示</source>
        <translation>Show every kind</translation>
    </message>
    <message>
        <source>「{kind}」の表示・非表示</source>
        <translation>Show or hide “{kind}”</translation>
    </message>
    <message>
        <source>スタッフで絞り込み</source>
        <translation>Filter by staff member</translation>
    </message>
    <message>
        <source>スタッフ</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>全員</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>{shown} / {total}件</source>
        <translation>{shown} / {total}</translation>
    </message>
</context>
<context>
    <name>TodayView</name>
    <message>
        <source>本日のフォロー</source>
        <translation>Today&apos;s follow-ups</translation>
    </message>
    <message>
        <source>担当:</source>
        <translation>Staff:</translation>
    </message>
    <message>
        <source>全員</source>
        <translation>Everyone</translation>
    </message>
    <message>
        <source>誕生日・節目の予定を作成</source>
        <translation>Plan birthdays and milestones</translation>
    </message>
    <message>
        <source>シナリオに沿って、近づいた誕生日・人生の節目・保証終了などのフォローを作ります（二重には作りません）</source>
        <translation>Creates follow-ups for coming birthdays, life milestones, warranty ends and so on, following the scenarios (never twice)</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>やること（本日・期限切れ）</source>
        <translation>To do (today and overdue)</translation>
    </message>
    <message>
        <source>予定日</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>お客様</source>
        <translation>Customer</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <source>担当</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>完了…</source>
        <translation>Done…</translation>
    </message>
    <message>
        <source>見送り…</source>
        <translation>Skip…</translation>
    </message>
    <message>
        <source>日付を変更…</source>
        <translation>Change date…</translation>
    </message>
    <message>
        <source>カードを開く</source>
        <translation>Open card</translation>
    </message>
    <message>
        <source>これから</source>
        <translation>Coming up</translation>
    </message>
    <message>
        <source>日付</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>本日のフォローを読み込んでいます…</source>
        <translation>Loading today&apos;s follow-ups…</translation>
    </message>
    <message>
        <source>本日のフォローを読み込めませんでした: {message}</source>
        <translation>Could not load today&apos;s follow-ups: {message}</translation>
    </message>
    <message>
        <source>やること {count}件</source>
        <translation>To do: {count}</translation>
    </message>
    <message>
        <source>（うち期限切れ {count}件）</source>
        <translation>(of which overdue: {count})</translation>
    </message>
    <message>
        <source>本日のフォローはありません</source>
        <translation>No follow-ups today</translation>
    </message>
    <message>
        <source>{label} {count}件</source>
        <translation>{label}: {count}</translation>
    </message>
    <message>
        <source>（期限切れ {count}件）</source>
        <translation>(overdue: {count})</translation>
    </message>
    <message>
        <source>ほか {count}件（カレンダーで確認できます）</source>
        <translation>{count} more (see the calendar)</translation>
    </message>
    <message>
        <source>本日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>{days}日遅れ（{day}）</source>
        <translation>{days} days late ({day})</translation>
    </message>
    <message>
        <source>クリックでカードを開く</source>
        <translation>Click to open the card</translation>
    </message>
    <message>
        <source>お誕生日（{days}日以内）{count}件</source>
        <translation>Birthdays (within {days} days): {count}</translation>
    </message>
    <message>
        <source>{age}歳のお誕生日</source>
        <translation>{age}th birthday</translation>
    </message>
    <message>
        <source>{relation}の{name}様 — {what}</source>
        <translation>{name} ({relation}) — {what}</translation>
    </message>
    <message>
        <source>人生の節目（{days}日以内）{count}件</source>
        <translation>Life milestones (within {days} days): {count}</translation>
    </message>
    <message>
        <source>車検・点検・保証（{days}日以内）{count}件</source>
        <translation>Inspections, services, warranties (within {days} days): {count}</translation>
    </message>
    <message>
        <source> — フォロー予定あり</source>
        <translation> — follow-ups due</translation>
    </message>
    <message>
        <source>休眠のおそれ（{months}か月以上ご連絡なし）{count}件</source>
        <translation>Going dormant (no contact for {months}+ months): {count}</translation>
    </message>
    <message>
        <source>最終 {day}</source>
        <translation>Last {day}</translation>
    </message>
    <message>
        <source>{months}か月ご連絡なし</source>
        <translation>No contact for {months} months</translation>
    </message>
    <message>
        <source>ご連絡の記録なし（登録から{months}か月）</source>
        <translation>No contact recorded ({months} months since registration)</translation>
    </message>
    <message>
        <source>（担当 {staff}）</source>
        <translation>(staff: {staff})</translation>
    </message>
    <message>
        <source> — 予定あり</source>
        <translation> — scheduled</translation>
    </message>
    <message>
        <source>同意がないため見送ったフォロー {count}件</source>
        <translation>Follow-ups skipped for lack of consent: {count}</translation>
    </message>
    <message>
        <source>{kind}「{reason}」— {why}</source>
        <translation>{kind} “{reason}” — {why}</translation>
    </message>
    <message>
        <source>本日 {day}</source>
        <translation>Today {day}</translation>
    </message>
    <message>
        <source>{day} あと{n}日</source>
        <translation>{day}, in {n} days</translation>
    </message>
    <message>
        <source>誕生日・節目などのフォローを作成しています…</source>
        <translation>Creating follow-ups for birthdays, milestones and more…</translation>
    </message>
    <message>
        <source>誕生日・節目などのフォローを {count}件作成しました</source>
        <translation>{count} follow-ups created for birthdays, milestones and more</translation>
    </message>
    <message>
        <source>（連絡の同意がないため {count}件見送り）</source>
        <translation>({count} skipped for lack of consent)</translation>
    </message>
    <message>
        <source>。{count}件は作成済みです</source>
        <translation>. {count} were already there</translation>
    </message>
    <message>
        <source>フォローを作成できませんでした: {message}</source>
        <translation>Could not create the follow-ups: {message}</translation>
    </message>
</context>
<context>
    <name>TrashDialog</name>
    <message>
        <source>ごみ箱</source>
        <translation>Trash</translation>
    </message>
    <message>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>フリガナ</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>住所</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>ごみ箱は空です</source>
        <translation>The trash is empty</translation>
    </message>
    <message>
        <source>元に戻す</source>
        <translation>Revert</translation>
    </message>
    <message>
        <source>完全に削除</source>
        <translation>Delete for good</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>削除したお客様のカードです。「元に戻す」でいつでも一覧に戻せます。</source>
        <translation>Cards of deleted customers. “Restore” puts a card back in the list at any time.</translation>
    </message>
    <message>
        <source>元に戻せません</source>
        <translation>Cannot restore</translation>
    </message>
    <message>
        <source>{name}のカードと履歴をすべて削除します。元に戻せません。よろしいですか？</source>
        <translation>This deletes the card of {name} with its whole history. It cannot be undone. Are you sure?</translation>
    </message>
    <message>
        <source>削除できません</source>
        <translation>Cannot delete</translation>
    </message>
</context>
<context>
    <name>TrayReminder</name>
    <message>
        <source>crmdesk — 本日のフォロー</source>
        <translation>crmdesk — Today&apos;s follow-ups</translation>
    </message>
    <message>
        <source>crmdesk — {title}</source>
        <translation>crmdesk — {title}</translation>
    </message>
    <message>
        <source>本日のフォロー {count}件</source>
        <translation>Today&apos;s follow-ups ({count})</translation>
    </message>
    <message>
        <source>新しいフォロー {count}件</source>
        <translation>New follow-ups ({count})</translation>
    </message>
    <message>
        <source>・</source>
        <comment>between the kinds of follow-up</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>{kind} {count}件</source>
        <translation>{kind}: {count}</translation>
    </message>
    <message>
        <source>{kinds}（うち期限切れ {count}件）</source>
        <translation>{kinds} ({count} overdue)</translation>
    </message>
    <message>
        <source>、</source>
        <comment>between the customers&apos; names</comment>
        <translation>, </translation>
    </message>
    <message>
        <source>{name}様（{kind}）</source>
        <translation>{name} ({kind})</translation>
    </message>
    <message>
        <source>{names} ほか{count}件</source>
        <translation>{names} and {count} more</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>本日のフォローを読み込んでいます…</source>
        <translation>Loading today&apos;s follow-ups…</translation>
    </message>
    <message>
        <source>カレンダーを読み込んでいます…</source>
        <translation>Loading the calendar…</translation>
    </message>
    <message>
        <source>今日</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>顧客</source>
        <translation>Customers</translation>
    </message>
    <message>
        <source>カレンダー</source>
        <translation>Calendar</translation>
    </message>
    <message>
        <source>お客様を検索（名前・フリガナ・電話番号）</source>
        <translation>Search customers (name, reading, phone)</translation>
    </message>
    <message>
        <source>お客様を検索します。入力すると顧客の画面に移ります</source>
        <translation>Search customers; typing takes you to the customer screen</translation>
    </message>
    <message>
        <source>顧客リストを取り込む…</source>
        <translation>Import customer list…</translation>
    </message>
    <message>
        <source>書き出し…</source>
        <translation>Export…</translation>
    </message>
    <message>
        <source>重複の候補…</source>
        <translation>Possible duplicates…</translation>
    </message>
    <message>
        <source>印刷…（開いているお客様）</source>
        <translation>Print… (open customer)</translation>
    </message>
    <message>
        <source>検索結果のお客様を印刷…</source>
        <translation>Print the customers found…</translation>
    </message>
    <message>
        <source>テンプレートの編集…</source>
        <translation>Edit templates…</translation>
    </message>
    <message>
        <source>crmdesk について</source>
        <translation>About crmdesk</translation>
    </message>
    <message>
        <source>{screen}の画面</source>
        <translation>{screen} screen</translation>
    </message>
    <message>
        <source>シナリオとフォローの設定…</source>
        <translation>Scenarios and follow-up settings…</translation>
    </message>
    <message>
        <source>顧客リストを取り込みました</source>
        <translation>The customer list was imported</translation>
    </message>
    <message>
        <source>2枚のカードを1枚にまとめました</source>
        <translation>The two cards were merged into one</translation>
    </message>
    <message>
        <source>印刷しました。カードに記録しました</source>
        <translation>Printed and recorded on the cards</translation>
    </message>
    <message>
        <source>印刷するお客様のカードを開いてください（検索結果ごとなら Ctrl+Shift+P）</source>
        <translation>Open the card of the customer to print (Ctrl+Shift+P for the whole search result)</translation>
    </message>
    <message>
        <source>検索結果にお客様がいません</source>
        <translation>No customers in the search result</translation>
    </message>
    <message>
        <source>テンプレート「{name}」を保存しました</source>
        <translation>Template “{name}” saved</translation>
    </message>
    <message>
        <source>書き出し</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>{name} に書き出しています…</source>
        <translation>Exporting to {name}…</translation>
    </message>
    <message>
        <source>書き出せませんでした: {message}</source>
        <translation>Could not export: {message}</translation>
    </message>
    <message>
        <source>書き出せませんでした。

{message}</source>
        <translation>Could not export.

{message}</translation>
    </message>
    <message>
        <source>{name}さんの</source>
        <translation>For {name}: </translation>
    </message>
</context>
</TS>
