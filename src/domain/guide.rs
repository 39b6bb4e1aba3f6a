//! What a person should know before cancelling a mobile subscription in Belgium, in English and
//! Chinese: why cancel, the steps, the operators and their channels, common questions.
//!
//! Only what the source guide says: no phone numbers, fees or notice periods. Where it depends on
//! the operator, the text says to ask.

use crate::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Why,
    Steps,
    Operators,
    Faq,
}

impl Topic {
    pub const ALL: [Topic; 4] = [Topic::Why, Topic::Steps, Topic::Operators, Topic::Faq];

    pub fn key(self) -> &'static str {
        match self {
            Topic::Why => "why",
            Topic::Steps => "steps",
            Topic::Operators => "operators",
            Topic::Faq => "faq",
        }
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Topic::Why, Lang::En) => "Why cancel instead of letting the card lapse",
            (Topic::Why, Lang::Zh) => "为什么要注销，而不是放着不用",
            (Topic::Steps, Lang::En) => "The steps, in order",
            (Topic::Steps, Lang::Zh) => "注销步骤（按顺序）",
            (Topic::Operators, Lang::En) => "The operators and how they take cancellations",
            (Topic::Operators, Lang::Zh) => "各运营商的注销方式",
            (Topic::Faq, Lang::En) => "Common questions",
            (Topic::Faq, Lang::Zh) => "常见问题",
        }
    }

    pub fn text(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Topic::Why, Lang::En) => WHY_EN,
            (Topic::Why, Lang::Zh) => WHY_ZH,
            (Topic::Steps, Lang::En) => STEPS_EN,
            (Topic::Steps, Lang::Zh) => STEPS_ZH,
            (Topic::Operators, Lang::En) => OPERATORS_EN,
            (Topic::Operators, Lang::Zh) => OPERATORS_ZH,
            (Topic::Faq, Lang::En) => FAQ_EN,
            (Topic::Faq, Lang::Zh) => FAQ_ZH,
        }
    }
}

impl std::str::FromStr for Topic {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Topic::ALL
            .into_iter()
            .find(|t| t.key().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| crate::msg::Msg::NotATopic { input: s }.to_string())
    }
}

// Each paragraph or item is one line of text (a `\` at the end of a source line joins it to the
// next): the guide is wrapped to the terminal's width when it is printed.

const WHY_EN: &str = "\
- Money: an unused card can keep charging a monthly fee or other base charges.
- Privacy: a lost or stolen card that is still active can be misused to reach your personal data, \
  for example accounts that trust the number and send it SMS codes.
- Roaming: a card left active abroad can run up high international roaming charges unnoticed.";

const WHY_ZH: &str = "\
- 费用：不用的卡可能还会继续扣月租或其他基本费用。
- 隐私：卡丢了或被偷了却仍然有效，别人就可能用它登录你的账户、获取你的个人信息，尤其是那些靠这个号码接收短信验证码的账户。
- 漫游：人在国外而卡仍然有效，可能在你不知情时产生高额的国际漫游费。";

const STEPS_EN: &str = "\
1. Find out how to cancel: whether your operator wants a visit to a shop, or accepts a phone call \
   or an online request. Proximus and Telenet usually accept online requests, but policies \
   change: check your operator's current policy.
2. Gather documents: an identity document (passport or other valid ID), the SIM card itself \
   (some operators do not ask for it; bring it anyway), and the contract or a recent bill.
3. Unbind services tied to the number: bank accounts and their SMS codes (2FA), paid \
   subscriptions, anything else that uses the number. Move them first: a code sent to a dead \
   number locks you out, and bound services can keep running and costing money.
4. Clear the balance: use up prepaid credit or move it elsewhere. Many operators refund the rest \
   on request: ask customer service how, and how long it takes.
5. Submit the request: online (log in, open \"My account\" or \"Service management\", choose the \
   cancellation option, follow the prompts), by phone (call customer service), or in a shop \
   (bring your documents and ask the staff).
6. Confirm it took effect: contact the operator again (phone or online chat), check the status, \
   keep the confirmation. Watch the final bill and any refund.

closeout keeps these six steps as a checklist for each case: `closeout add Proximus --deadline +3w`.";

const STEPS_ZH: &str = "\
1. 了解注销方式：运营商是要求去门店办理，还是接受电话或网上申请。Proximus 和 Telenet \
   通常接受网上申请，但规定可能会变，请以运营商目前的规定为准。
2. 准备材料：身份证件（护照或其他有效证件）、SIM 卡本身（有些运营商不要求，但最好带上）、\
   合同或最近的账单。
3. 解绑与号码关联的服务：银行账户及其短信验证码（双重验证）、付费订阅，以及其他使用这个号码的服务。\
   请先换绑到别的号码：验证码发到已注销的号码会让你无法登录，没有解绑的服务还可能继续扣费。
4. 处理余额：用完预付费余额，或把它转走。许多运营商可以应要求退还余额：向客服询问办理方法和所需时间。
5. 提交注销申请：网上（登录后进入「我的账户」或「服务管理」，选择注销选项并按提示操作）、\
   电话（拨打客服电话）或门店（带上材料，请工作人员办理）。
6. 确认注销已生效：提交后再次联系运营商（电话或在线客服），查询注销状态并保存确认凭证。留意最后一期账单和退款。

closeout 会为每个事项记下这六个步骤：`closeout add Proximus --deadline +3w`。";

const OPERATORS_EN: &str = "\
Proximus (the largest Belgian operator)
  online: log in, \"Service management\", \"Cancel service\", fill in the form
  phone:  customer service line, voice menu or an agent
  shop:   bring your ID and SIM card
Telenet
  online: log in, \"My account\", \"Service management\", \"Cancel service\", submit
  phone:  customer service line; the agent guides you through the rest
  shop:   bring your ID and SIM card
Orange (Belgium)
  online: website or app, \"Service management\", \"Cancel service\"
  phone:  customer service line
  shop:   bring your ID and SIM card

Other brands exist (BASE belongs to Telenet; Mobile Vikings, Scarlet, hey!, Lycamobile, Lebara and \
more). Phone numbers, notice periods and fees are not given here: check them with the operator, on \
its website or on your bill. Add any provider with `closeout add TITLE --provider NAME`.";

const OPERATORS_ZH: &str = "\
Proximus（比利时最大的运营商）
  网上：登录后进入「服务管理」，选择「取消服务」，填写表格
  电话：拨打客服电话，按语音菜单操作或转人工
  门店：带上身份证件和 SIM 卡
Telenet
  网上：登录后依次进入「我的账户」和「服务管理」，选择「取消服务」并提交
  电话：拨打客服电话，客服人员会引导你完成后续步骤
  门店：带上身份证件和 SIM 卡
Orange（比利时）
  网上：在网站或 App 中进入「服务管理」，选择「取消服务」
  电话：拨打客服电话
  门店：带上身份证件和 SIM 卡

还有其他品牌（BASE 属于 Telenet；Mobile Vikings、Scarlet、hey!、Lycamobile、Lebara 等）。\
这里不列出电话号码、通知期和费用：请在运营商的网站或账单上查看，或直接向运营商确认。\
其他服务商也可以照样添加：`closeout add 标题 --provider 名称`。";

const FAQ_EN: &str = "\
Can a cancelled card be reactivated?
  Usually not; you would need a new card. Ask the operator.
Is the remaining balance refunded?
  Often, depending on the operator's policy and the amount. Confirm the refund process and timing \
  before you cancel.
How do I know it worked?
  Contact the operator after cancelling and check the status. `closeout` reminds you with the \
  `confirm` step, due a week after you submitted.
Can someone else do it for me?
  Usually the holder must do it in person (identity check); some operators allow a proxy in \
  specific cases: ask.";

const FAQ_ZH: &str = "\
注销后的卡还能重新激活吗？
  通常不能，只能办一张新卡。请向运营商确认。
剩余余额会退还吗？
  通常会，具体取决于运营商的规定和余额多少。注销前请先问清退款流程和所需时间。
怎么知道注销成功了？
  注销后联系运营商查询状态。closeout 的 `confirm`（确认）步骤会在提交申请一周后提醒你。
可以请别人代办吗？
  通常需要持有人本人办理（要核实身份）；有些运营商在特定情况下允许代办，请事先询问。";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_topic_exists_in_both_languages() {
        for topic in Topic::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!topic.title(lang).is_empty());
                assert!(topic.text(lang).len() > 100, "{topic:?} {lang:?}");
            }
            assert_ne!(topic.text(Lang::En), topic.text(Lang::Zh));
            assert_eq!(topic.key().parse::<Topic>(), Ok(topic));
        }
    }

    #[test]
    fn the_guide_invents_no_phone_number() {
        for topic in Topic::ALL {
            for lang in [Lang::En, Lang::Zh] {
                let text = topic.text(lang);
                let longest = text
                    .split(|c: char| !c.is_ascii_digit())
                    .map(str::len)
                    .max()
                    .unwrap_or(0);
                assert!(longest < 3, "{topic:?} {lang:?}");
            }
        }
    }
}
